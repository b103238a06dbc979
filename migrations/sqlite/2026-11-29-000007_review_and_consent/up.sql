-- Review and consent. A candidate's state is plain (the queue and the expiry job read it), as are
-- the two registrations it joins (side a holds record_a), who holds and who approved it, which
-- side was asked first, when each side was asked (a day), and each side's answer and outcome.
-- Nothing of the people: names, cards and messages stay sealed elsewhere.
UPDATE match_candidates SET status = 'candidate' WHERE status = 'open';
-- A candidate the matcher itself took back (re-scored, paused, deleted): never seen by anyone.
UPDATE match_candidates SET status = 'retracted' WHERE status = 'withdrawn';
DROP INDEX match_candidates_one_open;
CREATE UNIQUE INDEX match_candidates_one_live ON match_candidates (record_a, record_b)
    WHERE status IN ('candidate', 'in_review', 'consent_requested', 'disclosed');
ALTER TABLE match_candidates ADD COLUMN reg_a TEXT NOT NULL DEFAULT '';
ALTER TABLE match_candidates ADD COLUMN reg_b TEXT NOT NULL DEFAULT '';
UPDATE match_candidates SET
    reg_a = COALESCE((SELECT registration_id FROM match_features f WHERE f.record_id = record_a), ''),
    reg_b = COALESCE((SELECT registration_id FROM match_features f WHERE f.record_id = record_b), '');
ALTER TABLE match_candidates ADD COLUMN claimed_by TEXT;
ALTER TABLE match_candidates ADD COLUMN opened_by TEXT;
ALTER TABLE match_candidates ADD COLUMN approved_by TEXT;
ALTER TABLE match_candidates ADD COLUMN approved_by_2 TEXT;
ALTER TABLE match_candidates ADD COLUMN first_side TEXT;
ALTER TABLE match_candidates ADD COLUMN asked_a_at TIMESTAMP;
ALTER TABLE match_candidates ADD COLUMN asked_b_at TIMESTAMP;
ALTER TABLE match_candidates ADD COLUMN answer_a TEXT;
ALTER TABLE match_candidates ADD COLUMN answer_b TEXT;
ALTER TABLE match_candidates ADD COLUMN closed_a TEXT;
ALTER TABLE match_candidates ADD COLUMN closed_b TEXT;
-- Every transition is a conditional update on this counter: two racing answers never both win.
ALTER TABLE match_candidates ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
-- Staff have been told of it (a content-free notice).
ALTER TABLE match_candidates ADD COLUMN staff_notified BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX match_candidates_reg_a ON match_candidates (reg_a);
CREATE INDEX match_candidates_reg_b ON match_candidates (reg_b);
CREATE INDEX match_candidates_status ON match_candidates (status);

-- A match's messages between a family and its caseworker, each sealed under its own data key.
CREATE TABLE match_messages (
    id TEXT PRIMARY KEY NOT NULL,
    candidate_id TEXT NOT NULL,
    side TEXT NOT NULL,
    from_staff BOOLEAN NOT NULL,
    body_ct BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    seq BIGINT NOT NULL
);
CREATE UNIQUE INDEX match_messages_candidate_seq ON match_messages (candidate_id, seq);

-- A caseworker vetted the registrant (shown on the review screen; approval may require it).
ALTER TABLE registrations ADD COLUMN vetted BOOLEAN NOT NULL DEFAULT FALSE;
-- Whether an organization also reviews registrations that belong to no organization.
ALTER TABLE organizations ADD COLUMN serves_unaffiliated BOOLEAN NOT NULL DEFAULT TRUE;
-- A match was put to the registrant or disclosed: the dashboard says "there is an update".
ALTER TABLE accounts ADD COLUMN update_pending BOOLEAN NOT NULL DEFAULT FALSE;
