-- Failed dashboard sign-ins counted per account and per source address (kg.exam.contract.security.SignInGuard),
-- shared by every query-side node.
CREATE TABLE dashboard_sign_in_guard (
    guard_key     VARCHAR(200) PRIMARY KEY,   -- 'account:<SHA-256 of the id, hex>' or 'source:<address>'
    failures      INTEGER      NOT NULL,
    window_start  TIMESTAMPTZ  NOT NULL,
    locked_until  TIMESTAMPTZ
);
