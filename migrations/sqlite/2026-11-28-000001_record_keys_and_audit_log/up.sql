-- Wrapped per-record data keys. Deleting a record's rows here crypto-shreds the record.
CREATE TABLE record_keys (
    record_id TEXT NOT NULL,
    key_id BIGINT NOT NULL,
    kek_version BIGINT NOT NULL,
    wrapped BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (record_id, key_id)
);
CREATE INDEX record_keys_kek_version ON record_keys (kek_version);

-- Append-only, hash-chained audit trail. No names, free text, emails, IPs or user agents.
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY NOT NULL,
    ts_utc TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT,
    case_id TEXT,
    reason_code TEXT,
    outcome TEXT NOT NULL,
    prev_mac BLOB NOT NULL,
    mac BLOB NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
