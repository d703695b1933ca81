INSERT INTO registry_config (subject, compatibility) VALUES (@subject, @compatibility)
ON CONFLICT (subject) DO UPDATE SET compatibility = excluded.compatibility
