-- Version 15 (issue 18): a window that one batch creates and makes final, in a definition that never applies a late
-- event, is stored whole in its window_state row: its aggregates as aligned arrays (one element per aggregate, in
-- the order they were staged; members_folded is V013's exact distinct count, null for the other functions) instead of one
-- window_aggregate row each. Such a window never changes again (its late events are counted; `facet windows recompute`
-- deletes and rebuilds it), so nothing merges into the arrays. A bulk import in event time creates and closes nearly
-- every window in one batch: this leaves out about 3 window_aggregate rows per window and their primary-key entries,
-- the import's largest cost (BENCHMARKS.md, issue 18). Readers take a window's aggregates from its arrays when they are
-- set, else from window_aggregate; a window has one or the other, never both.
ALTER TABLE window_state
    ADD COLUMN aggregates text[],
    ADD COLUMN value_counts bigint[],
    ADD COLUMN value_sums numeric[],
    ADD COLUMN value_mins numeric[],
    ADD COLUMN value_maxs numeric[],
    ADD COLUMN time_mins timestamptz[],
    ADD COLUMN time_maxs timestamptz[],
    ADD COLUMN members_folded bigint[];
