DROP INDEX match_features_built_with;
