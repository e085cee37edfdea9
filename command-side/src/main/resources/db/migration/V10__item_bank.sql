-- The item bank (issue 13): read tables of the command side, written by subscribing handlers in the
-- transaction of the events (BankItem*, FrameworkPublished; ExamPublished and
-- SessionResultsFinalised for where bank items were used and how they calibrated), rebuilt with the
-- other read tables. The items themselves live in their signed streams; media are kept by hash.

CREATE TABLE bank_framework (
    framework_id VARCHAR(64) PRIMARY KEY,
    version      INTEGER     NOT NULL,
    definition   JSONB       NOT NULL,
    published_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE bank_framework_node (
    framework_id VARCHAR(64) NOT NULL REFERENCES bank_framework (framework_id),
    code         VARCHAR(64) NOT NULL,
    kind         VARCHAR(32) NOT NULL,
    parent       VARCHAR(64),
    position     INTEGER     NOT NULL,
    PRIMARY KEY (framework_id, code)
);

-- One row per item: its latest version's status and the metadata search filters on.
CREATE TABLE bank_item (
    item_id          VARCHAR(64)  PRIMARY KEY,
    latest_version   INTEGER      NOT NULL,
    status           VARCHAR(16)  NOT NULL, -- DRAFT, REVIEWED, APPROVED, RETIRED
    approved_version INTEGER,
    subject          VARCHAR(32)  NOT NULL,
    grade            INTEGER,
    cognitive_level  VARCHAR(16)  NOT NULL,
    item_type        VARCHAR(32)  NOT NULL,
    languages        VARCHAR(2)[] NOT NULL,
    competencies     TEXT[]       NOT NULL, -- framework:code
    prompt           TEXT         NOT NULL, -- source language, for text search
    created_by       VARCHAR(64)  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX bank_item_subject ON bank_item (subject, grade, status);
CREATE INDEX bank_item_competencies ON bank_item USING GIN (competencies);

-- Every version as written, with its way through review.
CREATE TABLE bank_item_version (
    item_id     VARCHAR(64) NOT NULL REFERENCES bank_item (item_id),
    version     INTEGER     NOT NULL,
    content     JSONB       NOT NULL,
    written_by  VARCHAR(64) NOT NULL,
    written_at  TIMESTAMPTZ NOT NULL,
    reviewed_by VARCHAR(64),
    approved_by VARCHAR(64),
    approved_at TIMESTAMPTZ,
    PRIMARY KEY (item_id, version)
);

-- An exam version that took a bank item: which bank version, in which language.
CREATE TABLE bank_item_use (
    item_id      VARCHAR(64) NOT NULL,
    item_version INTEGER     NOT NULL,
    exam_id      VARCHAR(64) NOT NULL,
    exam_version INTEGER     NOT NULL,
    language     VARCHAR(2)  NOT NULL,
    PRIMARY KEY (item_id, exam_id, exam_version)
);
CREATE INDEX bank_item_use_exam ON bank_item_use (exam_id, exam_version);

-- IRT parameters of a bank item from a finalised session's calibration.
CREATE TABLE bank_item_calibration (
    item_id          VARCHAR(64)      NOT NULL,
    item_version     INTEGER          NOT NULL,
    session_id       VARCHAR(64)      NOT NULL,
    exam_id          VARCHAR(64)      NOT NULL,
    exam_version     INTEGER          NOT NULL,
    language         VARCHAR(2)       NOT NULL,
    model            VARCHAR(32)      NOT NULL,
    candidate_count  INTEGER          NOT NULL,
    discrimination   DOUBLE PRECISION NOT NULL,
    difficulty       DOUBLE PRECISION NOT NULL,
    guessing         DOUBLE PRECISION NOT NULL,
    difficulty_se    DOUBLE PRECISION,
    parameters       JSONB            NOT NULL, -- the CalibratedItem as recorded
    finalised_at     TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (item_id, session_id)
);

-- Images and audio by content hash; not derived from events (the items name them by hash), so a
-- rebuild of the read tables leaves them alone.
CREATE TABLE bank_media (
    sha256     CHAR(64)    PRIMARY KEY,
    media_type VARCHAR(32) NOT NULL,
    size       INTEGER     NOT NULL,
    bytes      BYTEA       NOT NULL,
    stored_by  VARCHAR(64) NOT NULL,
    stored_at  TIMESTAMPTZ NOT NULL
);
