-- Soft delete of every live version of a subject.
UPDATE registry_subject_versions SET deleted = true WHERE subject = @subject AND NOT deleted
