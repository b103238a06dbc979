ALTER TABLE match_features DROP COLUMN built_with;
