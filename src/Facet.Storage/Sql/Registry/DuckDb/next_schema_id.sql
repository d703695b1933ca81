SELECT coalesce(max(schema_id), 0) + 1 FROM registry_schemas
