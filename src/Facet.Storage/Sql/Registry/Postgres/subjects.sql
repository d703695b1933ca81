-- Subjects with a live version (or any version when include_deleted is true).
SELECT DISTINCT subject FROM registry_subject_versions WHERE (NOT deleted OR @include_deleted) ORDER BY subject
