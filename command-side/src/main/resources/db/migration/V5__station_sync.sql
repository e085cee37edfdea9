-- Journal entries of exam stations the command side has answered (POST /api/stations/sync), so a
-- batch sent again after a lost response changes nothing. Written in the same transaction as the
-- events an entry produced; a rejection is kept too, with its problem type.
CREATE TABLE station_sync_entry (
    station_key_id VARCHAR(64)  NOT NULL,
    seq            BIGINT       NOT NULL,
    sitting_id     VARCHAR(200) NOT NULL,
    kind           VARCHAR(16)  NOT NULL,
    outcome        VARCHAR(16)  NOT NULL,
    problem_type   VARCHAR(100),
    detail         VARCHAR(2000),
    station_time   TIMESTAMPTZ  NOT NULL,
    received_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (station_key_id, seq)
);
