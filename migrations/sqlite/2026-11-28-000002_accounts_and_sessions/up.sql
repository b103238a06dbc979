-- Organizations of caseworkers. Their names are sealed like personal data: a stolen database
-- must not reveal who the partner organizations are.
CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    name_ct BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Accounts of registrants and staff. Login identifiers are found by their blind index only;
-- the handle and email themselves are sealed with the account's data key.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    role TEXT NOT NULL,
    organization_id TEXT REFERENCES organizations (id),
    handle_bidx BLOB UNIQUE,
    handle_ct BLOB NOT NULL,
    email_bidx BLOB UNIQUE,
    email_ct BLOB,
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    password_hash TEXT NOT NULL,
    duress_hash TEXT,
    -- A decoy account opened by a duress passphrase points at the real one.
    decoy_of TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    deletion_due_at TIMESTAMP,
    totp_secret_ct BLOB,
    totp_confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    totp_last_step BIGINT,
    locale TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_sign_in_at TIMESTAMP
);
CREATE INDEX accounts_deletion_due_at ON accounts (deletion_due_at);

CREATE TABLE recovery_codes (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    digest BLOB NOT NULL,
    used_at TIMESTAMP,
    PRIMARY KEY (account_id, digest)
);

-- One row per signed-in device. The id is stored hashed; the token carries the raw id.
CREATE TABLE sessions (
    id_hash BLOB PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_account_id ON sessions (account_id);

-- Single-use, expiring invitations for staff; the code is stored as a keyed digest.
CREATE TABLE invites (
    code_digest BLOB PRIMARY KEY NOT NULL,
    organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);

-- Short codes sent by email (verify an address, recover an account), stored as keyed digests.
CREATE TABLE email_codes (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    digest BLOB NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (account_id, purpose)
);

-- Outgoing email. The recipient and the code are sealed; the template name says which
-- content-free message to send.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    recipient_ct BLOB NOT NULL,
    template TEXT NOT NULL,
    payload_ct BLOB,
    locale TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    send_after TIMESTAMP NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_send_after ON outbox (send_after);
