-- The live monitor by exam centre filters sittings by centre_id, and district scopes
-- (AreaAccess, Scope) by district alone, which sitting_area (region first) does not serve.
CREATE INDEX sitting_centre ON sitting (centre_id);
CREATE INDEX sitting_district ON sitting (district);
