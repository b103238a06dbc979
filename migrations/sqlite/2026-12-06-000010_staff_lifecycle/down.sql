DROP TABLE totp_resets;
ALTER TABLE accounts DROP COLUMN removed_at;
ALTER TABLE accounts DROP COLUMN disabled_at;
