-- One-time approval codes an organization admin issues for one PFIF export or import of their
-- organization's assisted registrations (kinlink export pfif / import pfif). Only a keyed
-- digest of the code is kept; a code is short-lived and used once (a conditional update).
CREATE TABLE approval_codes (
    id TEXT PRIMARY KEY NOT NULL,
    digest BYTEA NOT NULL UNIQUE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
