ALTER TABLE registrations DROP COLUMN reminded_for;
ALTER TABLE registrations DROP COLUMN expired_at;
ALTER TABLE registrations DROP COLUMN renewed_at;
