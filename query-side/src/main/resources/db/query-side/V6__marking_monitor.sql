-- The live marking monitor (issue 12): scripts of human-marked answers and their state, the marks
-- given (who and when, not the points' detail), seeded scripts' accuracy, stopped markers. From the
-- sittings' and seeds' marking events; no candidate, school or answer text is kept here.
CREATE TABLE marking_script (
    script_id      text PRIMARY KEY,
    session_id     text NOT NULL,
    item_id        text NOT NULL,
    marks_required integer NOT NULL,
    status         text NOT NULL,
    opened_at      timestamptz NOT NULL,
    resolved_at    timestamptz
);
CREATE INDEX marking_script_session ON marking_script (session_id, status);

CREATE TABLE marking_mark (
    script_id  text NOT NULL,
    round      integer NOT NULL,
    session_id text NOT NULL,
    marker_id  text NOT NULL,
    marked_at  timestamptz NOT NULL,
    PRIMARY KEY (script_id, round)
);
CREATE INDEX marking_mark_session ON marking_mark (session_id, marker_id);

CREATE TABLE marking_seed (
    seed_id    text PRIMARY KEY,
    session_id text NOT NULL
);

CREATE TABLE marking_seed_mark (
    seed_id    text NOT NULL,
    marker_id  text NOT NULL,
    session_id text NOT NULL,
    difference double precision NOT NULL,
    marked_at  timestamptz NOT NULL,
    PRIMARY KEY (seed_id, marker_id)
);

CREATE TABLE marking_stop (
    session_id text NOT NULL,
    marker_id  text NOT NULL,
    stopped_at timestamptz NOT NULL,
    PRIMARY KEY (session_id, marker_id)
);
