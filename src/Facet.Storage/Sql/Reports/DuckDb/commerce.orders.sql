-- revenue, top-products-by-revenue, KPI orders: every checkout_success fact in [from, to) with its cart lines (the
-- JSON the loader wrote from the parsed cart: numeric price and amount per line), its store, IP country, user agent
-- and landing fields. C# sums price × amount per currency, so the arithmetic is exact decimal on both backends.
-- PostgreSQL reads these rows through the partial index fact_events_orders (V004).
SELECT f.event_id, epoch_us(f.event_ts) AS ts_us, f.device_id, CAST(f.cart_products AS VARCHAR) AS cart, f.currency,
       s.store_id, s.domain, s.country_code AS store_country, l.country_code AS ip_country, u.device_type, u.browser,
       r.medium, f.utm_medium, f.click_id_type, f.utm_campaign
FROM fact_events f
JOIN dim_store s ON s.store_key = f.store_key
JOIN dim_location l ON l.location_key = f.location_key
JOIN dim_user_agent u ON u.user_agent_key = f.user_agent_key
JOIN dim_referrer r ON r.referrer_key = f.referrer_key
WHERE f.event_ts >= $from AND f.event_ts < $to
  AND f.collection = 'checkout_success'
  AND ($include_bots OR NOT f.is_bot)
