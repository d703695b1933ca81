SELECT schema_id FROM registry_schemas WHERE fingerprint = $fingerprint
