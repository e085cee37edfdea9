-- Exam station packages: one random AES-256 key per session that encrypts its packages, released
-- to enrolled stations from the session's opens_at; and the session's release code, from which a
-- station without a link unwraps the same key (scrypt + AES-GCM, see contract ExamPackageCrypto).
-- Never in events or logs. Whoever reads this table can read the papers before the session opens,
-- as whoever reads exam_version can; protect both alike.
-- No foreign key to exam_session: that is a read table the rebuild truncates and refills from the
-- events, while these keys exist nowhere else and must survive a rebuild.
CREATE TABLE station_package_key (
    session_id        VARCHAR(64) PRIMARY KEY,
    package_key       BYTEA       NOT NULL,
    release_code      VARCHAR(32) NOT NULL,
    release_salt      BYTEA       NOT NULL,
    wrapped_key_iv    BYTEA       NOT NULL,
    wrapped_key       BYTEA       NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL
);
