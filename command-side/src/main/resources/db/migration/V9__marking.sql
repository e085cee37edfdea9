-- Human marking (issue 12): read tables of the command side, written by subscribing handlers in the
-- transaction of the events (MarkingConfigured on the session; ScriptsOpenedForMarking,
-- ScriptAllocated, ScriptMarked, ScriptDisputed, ScriptResolved on the sitting), rebuilt with the
-- other read tables. The marks themselves live in the sittings' signed streams.

CREATE TABLE marking_plan (
    session_id    VARCHAR(64) PRIMARY KEY,
    plan          JSONB       NOT NULL,
    configured_at TIMESTAMPTZ NOT NULL
);

-- One answer to a human-marked item. No candidate, school or region here: markers read scripts by
-- their random id.
CREATE TABLE marking_script (
    script_id      VARCHAR(64)      PRIMARY KEY,
    session_id     VARCHAR(64)      NOT NULL,
    sitting_id     VARCHAR(64)      NOT NULL,
    item_id        VARCHAR(64)      NOT NULL,
    key_version    INTEGER          NOT NULL,
    response       TEXT             NOT NULL, -- JSON text: jsonb refuses \u0000, which an answer may hold
    rubric_max     DOUBLE PRECISION NOT NULL,
    marks_required INTEGER          NOT NULL,
    status         VARCHAR(16)      NOT NULL, -- AWAITING, DISPUTED, RESOLVED
    final_total    DOUBLE PRECISION,
    basis          VARCHAR(32),
    opened_at      TIMESTAMPTZ      NOT NULL,
    resolved_at    TIMESTAMPTZ
);
CREATE INDEX marking_script_session ON marking_script (session_id, status, opened_at);
CREATE INDEX marking_script_sitting ON marking_script (sitting_id);

-- Who holds or marked each round of a script: 1 and 2 independent, 3 the adjudication.
CREATE TABLE marking_round (
    script_id    VARCHAR(64)      NOT NULL REFERENCES marking_script (script_id),
    round        INTEGER          NOT NULL,
    marker_id    VARCHAR(64)      NOT NULL,
    allocated_at TIMESTAMPTZ      NOT NULL,
    marked_at    TIMESTAMPTZ,
    total        DOUBLE PRECISION,
    criteria     TEXT,
    PRIMARY KEY (script_id, round)
);
CREATE INDEX marking_round_marker ON marking_round (marker_id, marked_at);

-- Results release and appeals (ResultsReleaseScheduled on the session; AppealLodged and
-- AppealDecided on the sitting).
ALTER TABLE exam_session
    ADD COLUMN results_release_at TIMESTAMPTZ,
    ADD COLUMN appeals_close_at   TIMESTAMPTZ;

-- The latest score still waits for a human marker.
ALTER TABLE sitting ADD COLUMN needs_marking BOOLEAN;

CREATE TABLE appeal (
    appeal_id       VARCHAR(64) PRIMARY KEY,
    sitting_id      VARCHAR(64) NOT NULL,
    session_id      VARCHAR(64) NOT NULL,
    lodged_by_role  VARCHAR(16) NOT NULL,
    reason          TEXT        NOT NULL,
    lodged_at       TIMESTAMPTZ NOT NULL,
    outcome         VARCHAR(16),
    decision_reason TEXT,
    decided_by      VARCHAR(64),
    decided_at      TIMESTAMPTZ
);
CREATE INDEX appeal_session ON appeal (session_id, lodged_at);
CREATE UNIQUE INDEX appeal_sitting ON appeal (sitting_id);

-- Quality control: seeded scripts (their own streams), their marks, stopped markers.
CREATE TABLE marking_seed (
    seed_id          VARCHAR(64)      PRIMARY KEY,
    session_id       VARCHAR(64)      NOT NULL,
    item_id          VARCHAR(64)      NOT NULL,
    key_version      INTEGER          NOT NULL,
    response         TEXT             NOT NULL, -- JSON text, as marking_script.response
    definitive_total DOUBLE PRECISION NOT NULL,
    rubric_max       DOUBLE PRECISION NOT NULL,
    added_at         TIMESTAMPTZ      NOT NULL
);
CREATE INDEX marking_seed_session ON marking_seed (session_id, added_at);

CREATE TABLE marking_seed_mark (
    seed_id      VARCHAR(64)      NOT NULL REFERENCES marking_seed (seed_id),
    marker_id    VARCHAR(64)      NOT NULL,
    allocated_at TIMESTAMPTZ      NOT NULL,
    marked_at    TIMESTAMPTZ,
    total        DOUBLE PRECISION,
    difference   DOUBLE PRECISION,
    PRIMARY KEY (seed_id, marker_id)
);
CREATE INDEX marking_seed_mark_marker ON marking_seed_mark (marker_id);

CREATE TABLE marking_stop (
    session_id VARCHAR(64) NOT NULL,
    marker_id  VARCHAR(64) NOT NULL,
    reason     TEXT        NOT NULL,
    stopped_by VARCHAR(64) NOT NULL,
    stopped_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_id, marker_id)
);

-- The candidate's grade level (from the registration's profile), for exports by school and class.
ALTER TABLE sitting ADD COLUMN grade_level INTEGER;

-- When the latest score was recorded (an export's dateLastModified).
ALTER TABLE sitting ADD COLUMN scored_at TIMESTAMPTZ;
