-- top-referrers: normalized referrer host; "(direct)" and the Unknown member are left out; the shop's own hosts
-- (medium internal: navigation inside the shop, not a traffic source) only with include_internal.
SELECT d.host, max(d.medium) AS medium, sum(r.events)::bigint AS views
FROM rollup_referrer_hourly r
JOIN dim_referrer d ON d.referrer_key = r.referrer_key
WHERE r.hour_utc >= $from AND r.hour_utc < $to
  AND r.collection IN ({views})
  AND ($include_bots OR NOT r.is_bot)
  AND d.referrer_key <> 0
  AND d.host <> $direct
  AND ($include_internal OR d.medium <> 'internal')
GROUP BY d.host
ORDER BY views DESC, d.host
LIMIT $limit
