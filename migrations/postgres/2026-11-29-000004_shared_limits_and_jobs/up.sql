-- Throttles and budgets shared by every instance. The key is a keyed hash (never a login, an
-- address or an account id in the clear); `count` and `until_us` hold the state of a doubling
-- delay or of a rate (see auth::throttle); a row past `expires_at` changes no decision and is
-- purged.
CREATE TABLE limits (
    key BYTEA PRIMARY KEY NOT NULL,
    count BIGINT NOT NULL DEFAULT 0,
    until_us BIGINT NOT NULL DEFAULT 0,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX limits_expires_at ON limits (expires_at);

-- Periodic jobs: one instance claims each run (`next_run_at` moves on), and holds a lease while
-- it works, so a dead instance's claim expires.
CREATE TABLE jobs (
    name TEXT PRIMARY KEY NOT NULL,
    next_run_at TIMESTAMP NOT NULL,
    lease_until TIMESTAMP,
    holder TEXT
);

-- Outgoing mail is claimed with a lease before it is sent; a row that cannot be opened is set
-- aside (and audited) instead of blocking the rest.
ALTER TABLE outbox ADD COLUMN lease_until TIMESTAMP;
ALTER TABLE outbox ADD COLUMN set_aside BOOLEAN NOT NULL DEFAULT FALSE;

-- The name cool-down counts per registration, so deleting a search and creating another does
-- not start it afresh: `kind` is edit, delete or recreate. Rows older than the cool-down are
-- purged.
DROP TABLE name_edits;
CREATE TABLE name_changes (
    registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX name_changes_registration ON name_changes (registration_id, changed_at);
