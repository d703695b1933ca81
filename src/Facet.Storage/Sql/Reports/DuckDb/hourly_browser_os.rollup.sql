-- hourly-browser-os: views per UTC hour, browser family and OS family.
SELECT epoch_us(r.hour_utc) AS bucket_us, r.browser, r.os, sum(r.events)::bigint AS views
FROM rollup_browser_os_hourly r
WHERE r.hour_utc >= $from AND r.hour_utc < $to
  AND r.collection IN ({views})
  AND ($include_bots OR NOT r.is_bot)
GROUP BY r.hour_utc, r.browser, r.os
