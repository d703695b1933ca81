INSERT INTO registry_schemas (schema_id, schema_type, schema_text, fingerprint) VALUES (@schema_id, @schema_type, @schema_text, @fingerprint)
