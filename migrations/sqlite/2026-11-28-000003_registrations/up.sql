-- A registration: "about me", cards, verification facts and settings, each a sealed JSON
-- blob under the registration's own data key. It belongs to an account, or, for an assisted
-- registration not yet claimed, to the caseworker's organization.
CREATE TABLE registrations (
    id TEXT PRIMARY KEY NOT NULL,
    owner_account_id TEXT UNIQUE REFERENCES accounts (id),
    owner_org_id TEXT REFERENCES organizations (id),
    created_by TEXT,
    claim_digest BLOB UNIQUE,
    profile_ct BLOB,
    contact_card_ct BLOB,
    preconsent_ct BLOB,
    facts_ct BLOB,
    settings_ct BLOB,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX registrations_owner_org_id ON registrations (owner_org_id);

-- The people a registrant is looking for, each under its own data key.
CREATE TABLE sought_persons (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    paused BOOLEAN NOT NULL DEFAULT FALSE,
    data_ct BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX sought_persons_registration_id ON sought_persons (registration_id);

-- When a sought person's names were changed: the cool-down against probing by edits.
CREATE TABLE name_edits (
    sought_id TEXT NOT NULL REFERENCES sought_persons (id) ON DELETE CASCADE,
    edited_at TIMESTAMP NOT NULL
);
CREATE INDEX name_edits_sought_id ON name_edits (sought_id, edited_at);

-- Work for the matcher: which record changed and how. Ids only.
CREATE TABLE match_queue (
    id TEXT PRIMARY KEY NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    enqueued_at TIMESTAMP NOT NULL
);
CREATE INDEX match_queue_enqueued_at ON match_queue (enqueued_at);
