-- Type 1: a stored customer (inferred or older) takes the newer version's attributes ...
-- @count
UPDATE dim_commerce_customer AS c SET
    name = s.name,
    first_name = s.first_name,
    last_name = s.last_name,
    username = s.username,
    email = s.email,
    gender = s.gender,
    birth_date = s.birth_date,
    age = s.age,
    address = s.address,
    home_location = s.home_location,
    home_country = s.home_country,
    home_latitude = s.home_latitude,
    home_longitude = s.home_longitude,
    device_type = s.device_type,
    device_id = s.device_id,
    device_version = s.device_version,
    account_created_at = s.account_created_at,
    last_login_at = s.last_login_at,
    updated_at = s.updated_at,
    version = s.version, is_inferred = false, loaded_at = s.loaded_at
FROM stage_customers s
WHERE c.customer_id = s.customer_id AND c.version < s.version;
-- ... and a new customer is inserted (an anti-join: never an unnamed ON CONFLICT on DuckDB).
-- @count
INSERT INTO dim_commerce_customer (customer_id, name, first_name, last_name, username, email, gender, birth_date, age, address, home_location, home_country, home_latitude, home_longitude, device_type, device_id, device_version, account_created_at, last_login_at, updated_at, version, is_inferred, first_seen_at, loaded_at)
SELECT s.customer_id, s.name, s.first_name, s.last_name, s.username, s.email, s.gender, s.birth_date, s.age, s.address, s.home_location, s.home_country, s.home_latitude, s.home_longitude, s.device_type, s.device_id, s.device_version, s.account_created_at, s.last_login_at, s.updated_at, s.version, false, s.loaded_at, s.loaded_at FROM stage_customers s
WHERE NOT EXISTS (SELECT 1 FROM dim_commerce_customer c WHERE c.customer_id = s.customer_id) ORDER BY s.customer_id;
