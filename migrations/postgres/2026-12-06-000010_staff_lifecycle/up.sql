-- Staff lifecycle. A disabled staff account keeps its row but cannot sign in; a removed one
-- keeps only what the audit trail needs to stay meaningful (id, role, organization), with its
-- sign-in indexes, hashes and second factor gone. The day of each, plain.
ALTER TABLE accounts ADD COLUMN disabled_at TIMESTAMP;
ALTER TABLE accounts ADD COLUMN removed_at TIMESTAMP;
-- A pending reset of a staff member's lost second factor: one admin asks, another approves
-- before it expires. One per account.
CREATE TABLE totp_resets (
    account_id TEXT PRIMARY KEY NOT NULL,
    requested_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
