-- traffic-sources, session-events, device-types: click-stream events in [from, to) (bucketed on event_time), counted
-- per session, event name and traffic source; the device type is the session customer's (Shape B's customer file).
SELECT e.session_id, coalesce(e.traffic_source, '') AS traffic_source, e.event_name, e.customer_id, c.device_type, count(*) AS events
FROM fact_click_event e
LEFT JOIN dim_commerce_customer c ON c.customer_id = e.customer_id
WHERE e.event_time >= @from AND e.event_time < @to
  AND (@country = '' OR lower(coalesce(c.home_country, '')) IN (@country, @country_name))
GROUP BY e.session_id, coalesce(e.traffic_source, ''), e.event_name, e.customer_id, c.device_type
