UPDATE registry_subject_versions SET deleted = true WHERE subject = @subject AND version = @version AND NOT deleted
