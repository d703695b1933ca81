-- Type 1: a new customer is inserted; a stored one (inferred or older) takes the newer version's attributes.
-- @count
INSERT INTO dim_commerce_customer AS c (customer_id, name, first_name, last_name, username, email, gender, birth_date, age, address, home_location, home_country, home_latitude, home_longitude, device_type, device_id, device_version, account_created_at, last_login_at, updated_at, version, is_inferred, first_seen_at, loaded_at)
SELECT customer_id, name, first_name, last_name, username, email, gender, birth_date, age, address, home_location, home_country, home_latitude, home_longitude, device_type, device_id, device_version, account_created_at, last_login_at, updated_at, version, false, loaded_at, loaded_at FROM stage_customers ORDER BY customer_id
ON CONFLICT (customer_id) DO UPDATE SET
    name = EXCLUDED.name,
    first_name = EXCLUDED.first_name,
    last_name = EXCLUDED.last_name,
    username = EXCLUDED.username,
    email = EXCLUDED.email,
    gender = EXCLUDED.gender,
    birth_date = EXCLUDED.birth_date,
    age = EXCLUDED.age,
    address = EXCLUDED.address,
    home_location = EXCLUDED.home_location,
    home_country = EXCLUDED.home_country,
    home_latitude = EXCLUDED.home_latitude,
    home_longitude = EXCLUDED.home_longitude,
    device_type = EXCLUDED.device_type,
    device_id = EXCLUDED.device_id,
    device_version = EXCLUDED.device_version,
    account_created_at = EXCLUDED.account_created_at,
    last_login_at = EXCLUDED.last_login_at,
    updated_at = EXCLUDED.updated_at,
    version = EXCLUDED.version, is_inferred = false, loaded_at = EXCLUDED.loaded_at
WHERE c.version < EXCLUDED.version;
