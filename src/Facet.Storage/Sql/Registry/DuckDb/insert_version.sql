INSERT INTO registry_subject_versions (subject, version, schema_id) VALUES ($subject, $version, $schema_id)
