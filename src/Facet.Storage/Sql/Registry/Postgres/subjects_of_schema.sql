SELECT subject, version FROM registry_subject_versions WHERE schema_id = @schema_id AND NOT deleted ORDER BY subject, version
