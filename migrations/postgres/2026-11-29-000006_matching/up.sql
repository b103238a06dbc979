-- What the matcher compares: each person description's features, sealed under a second data
-- key of the record (record_keys.key_id = 0, wrapped to the matcher's public key), so deleting
-- the record's keys shreds them too. Ids, the owning registration and whether it takes part.
CREATE TABLE match_features (
    record_id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    features_ct BYTEA NOT NULL
);
CREATE INDEX match_features_registration_id ON match_features (registration_id);

-- Possible matches. The pair (record_a < record_b) is the strongest; a reciprocal candidate
-- also names the other direction (record_c, record_d). Score and explanation are sealed to the
-- review key; what the names were when it was proposed is sealed to the matcher's key.
CREATE TABLE match_candidates (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    band TEXT NOT NULL,
    status TEXT NOT NULL,
    record_a TEXT NOT NULL,
    record_b TEXT NOT NULL,
    record_c TEXT,
    record_d TEXT,
    review_version BIGINT NOT NULL,
    review_ct BYTEA NOT NULL,
    names_version BIGINT NOT NULL,
    names_ct BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX match_candidates_one_open ON match_candidates (record_a, record_b) WHERE status = 'open';
CREATE INDEX match_candidates_record_a ON match_candidates (record_a);
CREATE INDEX match_candidates_record_b ON match_candidates (record_b);
CREATE INDEX match_candidates_record_c ON match_candidates (record_c);
CREATE INDEX match_candidates_record_d ON match_candidates (record_d);
CREATE INDEX match_queue_record_id ON match_queue (record_id);
