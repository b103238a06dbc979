-- Less that a stolen database can tell (issue 16).
--
-- Who set a duress passphrase, who used one and when their deletion is due move into a sealed
-- column every account carries (`links_ct`, one padded length); the duress slot is always
-- filled (the service fills old rows at start). SQLite cannot drop `decoy_of` (a foreign key)
-- without rebuilding the table, so it stays, always empty.
DROP INDEX accounts_deletion_due_at;
ALTER TABLE accounts DROP COLUMN deletion_due_at;
ALTER TABLE accounts ADD COLUMN links_ct BLOB;
UPDATE accounts SET decoy_of = NULL;

-- Dates where a date serves.
UPDATE accounts SET created_at = datetime(date(created_at)),
    last_sign_in_at = datetime(date(last_sign_in_at));
UPDATE organizations SET created_at = datetime(date(created_at));
UPDATE record_keys SET created_at = datetime(date(created_at));
UPDATE registrations SET created_at = datetime(date(created_at)),
    updated_at = datetime(date(updated_at));
UPDATE sought_persons SET created_at = datetime(date(created_at)),
    updated_at = datetime(date(updated_at));
UPDATE invites SET created_at = datetime(date(created_at)), used_at = datetime(date(used_at));
UPDATE outbox SET created_at = datetime(date(created_at));

-- Asked-for recovery codes, handled after the answer went out, so the answer and its timing
-- are the same whatever the account. The login is sealed; rows live for seconds.
CREATE TABLE recovery_requests (
    id TEXT PRIMARY KEY NOT NULL,
    login_ct BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Deletions are not queued: deleting a record removes what the matcher holds of it at once.
DELETE FROM match_queue WHERE reason = 'delete';
