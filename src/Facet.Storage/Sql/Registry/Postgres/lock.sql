-- Registrations from several registry processes on one PostgreSQL take turns: the next id and version are read and
-- written under this lock (readers are not blocked: EXCLUSIVE still allows SELECT).
LOCK TABLE registry_schemas, registry_subject_versions IN EXCLUSIVE MODE
