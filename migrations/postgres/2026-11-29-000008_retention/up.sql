-- Retention: a registration is kept its chosen months after the last sign-in or renewal (the
-- day of each, plain, as created_at is). A reminder goes 30 days before (reminded_for is the
-- deadline it was sent for); at the deadline it stops matching and is hidden (expired_at);
-- 30 days later it is destroyed by shredding its keys.
ALTER TABLE registrations ADD COLUMN renewed_at TIMESTAMP;
ALTER TABLE registrations ADD COLUMN expired_at TIMESTAMP;
ALTER TABLE registrations ADD COLUMN reminded_for TIMESTAMP;
