-- The features job looks for rows of another build every 30 s: an index keeps that a range
-- lookup instead of a scan of every record's features.
CREATE INDEX match_features_built_with ON match_features (built_with);
