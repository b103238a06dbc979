DROP TABLE outbox;
DROP TABLE email_codes;
DROP TABLE invites;
DROP TABLE sessions;
DROP TABLE recovery_codes;
DROP TABLE accounts;
DROP TABLE organizations;
