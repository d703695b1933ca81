SELECT schema_type, schema_text FROM registry_schemas WHERE schema_id = $schema_id
