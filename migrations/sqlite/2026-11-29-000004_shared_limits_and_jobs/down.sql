DROP TABLE name_changes;
CREATE TABLE name_edits (
    sought_id TEXT NOT NULL REFERENCES sought_persons (id) ON DELETE CASCADE,
    edited_at TIMESTAMP NOT NULL
);
CREATE INDEX name_edits_sought_id ON name_edits (sought_id, edited_at);
ALTER TABLE outbox DROP COLUMN set_aside;
ALTER TABLE outbox DROP COLUMN lease_until;
DROP TABLE jobs;
DROP TABLE limits;
