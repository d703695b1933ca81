DELETE FROM registry_config WHERE subject = @subject
