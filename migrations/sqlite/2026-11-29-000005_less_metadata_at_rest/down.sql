DROP TABLE recovery_requests;
ALTER TABLE accounts DROP COLUMN links_ct;
ALTER TABLE accounts ADD COLUMN deletion_due_at TIMESTAMP;
CREATE INDEX accounts_deletion_due_at ON accounts (deletion_due_at);
