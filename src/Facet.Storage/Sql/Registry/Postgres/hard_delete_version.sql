DELETE FROM registry_subject_versions WHERE subject = @subject AND version = @version AND deleted
