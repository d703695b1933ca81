-- Facet warehouse, DuckDB, version 4: the embedded schema registry (issue 17, `facet schema-registry`).
-- Ids are global: one schema text (Avro canonical form as Apache.Avro prints it) has one id, whatever subjects use it.
-- No foreign key from versions to schemas: DuckDB's foreign keys block the permanent deletes the registry does.
CREATE TABLE registry_schemas (
    schema_id       integer PRIMARY KEY,            -- the id in the Confluent wire format (bytes 1..4)
    schema_type     text NOT NULL,                  -- AVRO
    schema_text     text NOT NULL,                  -- as served by GET /schemas/ids/{id}
    fingerprint     text NOT NULL UNIQUE,           -- sha-256 (hex) of schema_type + '\n' + schema_text
    registered_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per version of a subject; a soft-deleted version keeps its row (deleted = true) like Confluent's.
CREATE TABLE registry_subject_versions (
    subject         text NOT NULL,
    version         integer NOT NULL,               -- 1, 2, 3… per subject, never reused
    schema_id       integer NOT NULL,
    deleted         boolean NOT NULL DEFAULT false,
    registered_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subject, version)
);

-- Compatibility levels: subject '' is the global level (BACKWARD when absent).
CREATE TABLE registry_config (
    subject         text PRIMARY KEY,
    compatibility   text NOT NULL
);
