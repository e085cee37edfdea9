-- Sample surveys (issue 14): a session's declared sample design (SampleDesignDeclared on the
-- session's stream; a later declaration replaces the schools of an earlier one). Weights and
-- estimates are computed at query time from these rows and the sittings' scores; scaled scores
-- (plausible values) from the session's recorded calibration (SessionResultsFinalised).
CREATE TABLE survey_design (
    session_id  text PRIMARY KEY,
    replication text NOT NULL,            -- JK2 or BRR_FAY
    fay_factor  double precision,         -- BRR_FAY only
    declared_at timestamptz
);

CREATE TABLE survey_school (
    session_id            text             NOT NULL,
    position              integer          NOT NULL, -- the school's place in the declared design
    school_id             text             NOT NULL,
    stratum               text             NOT NULL,
    selection_probability double precision NOT NULL,
    enrolled              integer          NOT NULL,
    zone                  integer          NOT NULL,
    half                  integer          NOT NULL,
    PRIMARY KEY (session_id, position)
);

CREATE TABLE session_calibration (
    session_id   text PRIMARY KEY,
    calibration  text NOT NULL, -- the SessionCalibration record as JSON
    finalised_at timestamptz
);
