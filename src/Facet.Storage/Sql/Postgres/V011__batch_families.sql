-- Issue 20: which stream families each logged batch wrote (Facet.Storage.StreamFamilies bits: 1 clickstream,
-- 2 commerce, 4 windows), so the report cache's data version is per family and a commit invalidates only the reports
-- reading what it changed. Rows logged before this version count as having written everything.
ALTER TABLE pipeline_batches ADD COLUMN families smallint NOT NULL DEFAULT 7;
