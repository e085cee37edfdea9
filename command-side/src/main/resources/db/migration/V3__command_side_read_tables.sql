-- Read tables of the command side, written by subscribing event handlers in the same transaction
-- as the events, so they are always consistent with the event store. They can be rebuilt from
-- the events at any time.

CREATE TABLE exam_version (
    exam_id      VARCHAR(64)  NOT NULL,
    version      INTEGER      NOT NULL,
    key_version  INTEGER      NOT NULL,
    content      JSONB        NOT NULL,
    published_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (exam_id, version)
);

CREATE TABLE exam_session (
    session_id   VARCHAR(64)  PRIMARY KEY,
    exam_id      VARCHAR(64)  NOT NULL,
    exam_version INTEGER      NOT NULL,
    centre_id    VARCHAR(64)  NOT NULL,
    school_id    VARCHAR(64),
    opens_at     TIMESTAMPTZ  NOT NULL,
    closes_at    TIMESTAMPTZ  NOT NULL,
    closed_at    TIMESTAMPTZ
);

CREATE TABLE sitting (
    sitting_id    VARCHAR(64) PRIMARY KEY,
    session_id    VARCHAR(64) NOT NULL REFERENCES exam_session (session_id),
    exam_id       VARCHAR(64) NOT NULL,
    exam_version  INTEGER     NOT NULL,
    centre_id     VARCHAR(64) NOT NULL,
    school_id     VARCHAR(64) NOT NULL,
    candidate_id  VARCHAR(64) NOT NULL,
    status        VARCHAR(16) NOT NULL,
    started_at    TIMESTAMPTZ,
    deadline      TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    key_version   INTEGER,
    raw_total     DOUBLE PRECISION,
    max_total     DOUBLE PRECISION,
    percentage    DOUBLE PRECISION,
    passed        BOOLEAN,
    grade         INTEGER,
    grade_withheld BOOLEAN,
    CONSTRAINT sitting_candidate_once_per_session UNIQUE (session_id, candidate_id)
);
CREATE INDEX sitting_exam_version ON sitting (exam_id, exam_version, status);
CREATE INDEX sitting_school ON sitting (school_id);

-- Admission slips: the candidate code and a hash of the PIN. Never in events.
CREATE TABLE candidate_credential (
    candidate_code  VARCHAR(32)  PRIMARY KEY,
    pin_hash        VARCHAR(255) NOT NULL,
    sitting_id      VARCHAR(64)  NOT NULL UNIQUE,
    failed_attempts INTEGER      NOT NULL DEFAULT 0,
    locked_until    TIMESTAMPTZ
);

-- Direct personal data, kept apart from the events so it can be erased on request.
CREATE TABLE candidate_personal_data (
    candidate_id VARCHAR(64) PRIMARY KEY,
    full_name    TEXT,
    birth_date   DATE,
    recorded_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE staff_account (
    account_id    VARCHAR(64)  PRIMARY KEY,
    password_hash VARCHAR(255) NOT NULL,
    role          VARCHAR(32)  NOT NULL,
    centre_id     VARCHAR(64),
    school_id     VARCHAR(64),
    enabled       BOOLEAN      NOT NULL DEFAULT TRUE
);
