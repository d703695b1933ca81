-- facet windows recompute (issue 20): the definitions the warehouse has windows for, as they were last used.
SELECT name, definition FROM window_definition ORDER BY name;
