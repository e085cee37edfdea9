-- Integrity analytics (issue 14, part 3): every recorded answer with its times, the station a
-- sitting ran on, and which items have a single right answer (where a change to it is a change
-- from a wrong answer). Rows projected before these existed fill in on a rebuild.
CREATE TABLE answer_event (
    sitting_id       text   NOT NULL,
    sequence         bigint NOT NULL, -- the event's sequence number in the sitting's stream
    event_id         text,
    item_id          text   NOT NULL,
    response         text   NOT NULL, -- JSON array of strings, as answered
    -- the times exactly as signed (Instant text), so that the evidence cites the payload's own
    client_timestamp text,            -- the capturing device's clock
    station_time     text,            -- the exam station's clock (station runs)
    recorded_at      text,            -- the server's clock
    PRIMARY KEY (sitting_id, sequence)
);

ALTER TABLE sitting ADD COLUMN station_key_id text;
ALTER TABLE sitting ADD COLUMN answer_events int NOT NULL DEFAULT 0;
ALTER TABLE exam_item ADD COLUMN single_answer boolean NOT NULL DEFAULT false;

-- Items excluded from scoring by a recorded decision (ItemExcluded, e.g. after DIF): from that key
-- version on they count for nothing in any total.
ALTER TABLE exam_item ADD COLUMN excluded_key_version int;
ALTER TABLE exam_item ADD COLUMN exclusion_reason text;

-- Exam-centre administrators see the integrity analyses of their centre's sessions only.
ALTER TABLE dashboard_account ADD COLUMN centre_id text;
ALTER TABLE dashboard_account DROP CONSTRAINT dashboard_account_role_check;
ALTER TABLE dashboard_account ADD CONSTRAINT dashboard_account_role_check
    CHECK (role IN ('SCHOOL', 'DISTRICT', 'REGION', 'MINISTRY', 'AUDITOR', 'CENTRE_ADMIN'));
ALTER TABLE dashboard_account ADD CONSTRAINT dashboard_account_centre_admin_has_centre
    CHECK (role <> 'CENTRE_ADMIN' OR centre_id IS NOT NULL);
