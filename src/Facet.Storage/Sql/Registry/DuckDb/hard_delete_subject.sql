-- Permanent delete: only versions soft-deleted first (Confluent's rule).
DELETE FROM registry_subject_versions WHERE subject = $subject AND deleted
