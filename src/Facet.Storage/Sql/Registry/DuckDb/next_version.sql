-- Versions are never reused$ soft-deleted ones count.
SELECT coalesce(max(version), 0) + 1 FROM registry_subject_versions WHERE subject = $subject
