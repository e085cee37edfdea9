-- The query side's own schema (query_side): projections built from the events on Kafka, and the
-- dashboard accounts. Never a command-side table. Every projection table is emptied by a rebuild
-- (kg.exam.query.projection.ProjectionTables); dashboard_account is not a projection and stays.

-- Idempotency: the last sequence number applied per aggregate, written in the same transaction
-- as the projection change it guards. A record whose sequence number is not above it is a
-- duplicate (redelivery, replay) and changes nothing.
CREATE TABLE applied_sequence (
    aggregate_id  text   PRIMARY KEY,
    last_sequence bigint NOT NULL
);

CREATE TABLE exam_draft (
    exam_id text PRIMARY KEY,
    title   text,
    subject text,
    grade   int
);

CREATE TABLE exam_version (
    exam_id          text             NOT NULL,
    version          int              NOT NULL,
    key_version      int              NOT NULL,
    title            text,
    subject          text,
    grade            int,
    language         text,
    pass_percent     double precision NOT NULL,
    grade_boundaries text             NOT NULL, -- JSON [{minPercent, grade}], empty = 5-point default
    published_at     timestamptz,
    PRIMARY KEY (exam_id, version)
);

CREATE TABLE exam_item (
    exam_id   text             NOT NULL,
    version   int              NOT NULL,
    position  int              NOT NULL,
    item_id   text             NOT NULL,
    item_type text,
    max_score double precision NOT NULL,
    PRIMARY KEY (exam_id, version, item_id)
);

CREATE TABLE exam_session (
    session_id   text PRIMARY KEY,
    exam_id      text NOT NULL,
    exam_version int  NOT NULL,
    centre_id    text,
    school_id    text,
    opens_at     timestamptz,
    closes_at    timestamptz,
    closed_at    timestamptz
);

CREATE TABLE sitting (
    sitting_id           text PRIMARY KEY,
    session_id           text NOT NULL,
    exam_id              text NOT NULL,
    exam_version         int  NOT NULL,
    centre_id            text,
    candidate_id         text NOT NULL,
    region               text NOT NULL,
    district             text NOT NULL,
    school_id            text NOT NULL,
    locality             text,
    instruction_language text,
    gender               text,
    grade                int,
    status               text NOT NULL, -- REGISTERED, IN_PROGRESS, PAUSED, SUBMITTED, TIMED_OUT
    answered             int  NOT NULL DEFAULT 0,
    registered_at        timestamptz,
    started_at           timestamptz,
    deadline             timestamptz,
    handed_in_at         timestamptz,
    last_activity        timestamptz
);
CREATE INDEX sitting_session ON sitting (session_id);
CREATE INDEX sitting_school ON sitting (school_id);
CREATE INDEX sitting_exam ON sitting (exam_id, exam_version);
CREATE INDEX sitting_area ON sitting (region, district, school_id);

CREATE TABLE sitting_answer (
    sitting_id text NOT NULL,
    item_id    text NOT NULL,
    PRIMARY KEY (sitting_id, item_id)
);

-- The latest score of each sitting (a re-score after a key amendment replaces it).
CREATE TABLE sitting_score (
    sitting_id          text             PRIMARY KEY,
    exam_id             text             NOT NULL,
    exam_version        int              NOT NULL,
    key_version         int              NOT NULL,
    raw_total           double precision NOT NULL,
    max_total           double precision NOT NULL,
    percentage          double precision NOT NULL,
    passed              boolean          NOT NULL,
    grade               int              NOT NULL,
    needs_human_marking boolean          NOT NULL,
    scored_at           timestamptz
);

CREATE TABLE item_score (
    sitting_id text             NOT NULL,
    item_id    text             NOT NULL,
    score      double precision NOT NULL,
    max_score  double precision NOT NULL,
    outcome    text,
    PRIMARY KEY (sitting_id, item_id)
);

CREATE TABLE dashboard_account (
    account_id    text PRIMARY KEY,
    password_hash text NOT NULL,
    role          text NOT NULL CHECK (role IN ('SCHOOL', 'DISTRICT', 'REGION', 'MINISTRY', 'AUDITOR')),
    region        text,
    district      text,
    school_id     text,
    created_at    timestamptz NOT NULL DEFAULT now()
);
