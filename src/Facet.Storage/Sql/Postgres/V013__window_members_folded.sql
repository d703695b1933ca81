-- Version 13 (issue 18): a distinct aggregate of a window that was created and made final by one batch, in a definition
-- whose late events are never applied, keeps its exact distinct count here instead of its members in window_member:
-- no later batch can add to such a window (its events are counted late), and `facet windows recompute` deletes and
-- rebuilds it whole. A bulk import in event time creates and closes most windows in one batch, so this drops most of
-- window_member's rows (about 3 per imported order with the built-in windows; BENCHMARKS.md, issue 18). The count a
-- reader shows is members_folded (null: 0) plus the window's stored members.
ALTER TABLE window_aggregate ADD COLUMN members_folded bigint;
