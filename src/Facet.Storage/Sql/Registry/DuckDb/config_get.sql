SELECT compatibility FROM registry_config WHERE subject = $subject
