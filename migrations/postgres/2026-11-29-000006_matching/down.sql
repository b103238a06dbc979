DROP INDEX match_queue_record_id;
DROP TABLE match_candidates;
DROP TABLE match_features;
