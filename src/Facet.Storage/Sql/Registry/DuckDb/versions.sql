SELECT version FROM registry_subject_versions WHERE subject = $subject AND (NOT deleted OR $include_deleted) ORDER BY version
