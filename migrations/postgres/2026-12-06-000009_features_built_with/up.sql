-- Which build of the features a row holds (features layout and name encoding versions, plain:
-- they say nothing of the person). Rows of an older build are rebuilt by the web tier, which
-- alone can read the records; 0 marks rows written before this column existed.
ALTER TABLE match_features ADD COLUMN built_with INTEGER NOT NULL DEFAULT 0;
