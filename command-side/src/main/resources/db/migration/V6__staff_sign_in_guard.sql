-- Failed staff sign-ins, counted per account and per source address, so that guessing is stopped
-- on every node at once. A row is claimed (failures + 1) before a password is checked.
CREATE TABLE staff_sign_in_guard (
    guard_key     VARCHAR(200) PRIMARY KEY,   -- 'account:<SHA-256 of the id, hex>' or 'source:<address>'
    failures      INTEGER      NOT NULL,
    window_start  TIMESTAMPTZ  NOT NULL,
    locked_until  TIMESTAMPTZ
);
