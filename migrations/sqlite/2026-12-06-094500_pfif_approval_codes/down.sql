DROP TABLE approval_codes;
