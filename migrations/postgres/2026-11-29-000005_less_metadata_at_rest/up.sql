-- Less that a stolen database can tell (issue 16).
--
-- Who set a duress passphrase, who used one and when their deletion is due move into a sealed
-- column every account carries (`links_ct`, one padded length); the duress slot is always
-- filled (the service fills old rows at start).
ALTER TABLE accounts DROP COLUMN deletion_due_at;
ALTER TABLE accounts DROP COLUMN decoy_of;
ALTER TABLE accounts ADD COLUMN links_ct BYTEA;

-- Dates where a date serves.
UPDATE accounts SET created_at = date_trunc('day', created_at),
    last_sign_in_at = date_trunc('day', last_sign_in_at);
UPDATE organizations SET created_at = date_trunc('day', created_at);
UPDATE record_keys SET created_at = date_trunc('day', created_at);
UPDATE registrations SET created_at = date_trunc('day', created_at),
    updated_at = date_trunc('day', updated_at);
UPDATE sought_persons SET created_at = date_trunc('day', created_at),
    updated_at = date_trunc('day', updated_at);
UPDATE invites SET created_at = date_trunc('day', created_at), used_at = date_trunc('day', used_at);
UPDATE outbox SET created_at = date_trunc('day', created_at);

-- Asked-for recovery codes, handled after the answer went out, so the answer and its timing
-- are the same whatever the account. The login is sealed; rows live for seconds.
CREATE TABLE recovery_requests (
    id TEXT PRIMARY KEY NOT NULL,
    login_ct BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Deletions are not queued: deleting a record removes what the matcher holds of it at once.
DELETE FROM match_queue WHERE reason = 'delete';
