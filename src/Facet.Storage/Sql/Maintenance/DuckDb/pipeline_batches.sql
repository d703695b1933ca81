-- The batch log of workers that stopped writing (a running worker prunes its own rows as it goes).
DELETE FROM pipeline_batches WHERE committed_at < $cutoff
