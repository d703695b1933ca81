-- The live version of a subject holding this schema (the oldest, as Confluent's lookup answers).
SELECT v.version, v.schema_id, s.schema_type, s.schema_text, v.deleted
FROM registry_subject_versions v JOIN registry_schemas s ON s.schema_id = v.schema_id
WHERE v.subject = @subject AND s.fingerprint = @fingerprint AND NOT v.deleted
ORDER BY v.version
LIMIT 1
