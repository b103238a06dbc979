-- Wrapped per-record data keys. Deleting a record's rows here crypto-shreds the record.
CREATE TABLE record_keys (
    record_id TEXT NOT NULL,
    key_id BIGINT NOT NULL,
    kek_version BIGINT NOT NULL,
    wrapped BYTEA NOT NULL,
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
    prev_mac BYTEA NOT NULL,
    mac BYTEA NOT NULL
);
-- The application role may only append. An operator who must repair the table disables the
-- trigger explicitly, which `kinlink audit verify` then exposes.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
