-- Every live version of a subject, oldest first (the transitive compatibility levels check them all).
SELECT v.version, v.schema_id, s.schema_type, s.schema_text, v.deleted
FROM registry_subject_versions v JOIN registry_schemas s ON s.schema_id = v.schema_id
WHERE v.subject = $subject AND NOT v.deleted
ORDER BY v.version
