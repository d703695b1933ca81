#!/usr/bin/python3
"""The usual Python way, without Spark (issue 11's baseline for bench/run.sh).

A Kafka consumer that, per message: parses the JSON, parses the user agent with `user_agents`, and inserts rows
with psycopg2's execute_values (ON CONFLICT DO NOTHING on the event id, so duplicates are dropped); each batch is one
PostgreSQL transaction, then the Kafka offsets are committed. Malformed messages go to a bad_events table with the
reason. Runs until SIGTERM/SIGINT.

Debian packages: python3-confluent-kafka python3-user-agents python3-psycopg2 (bench/run.sh installs them).
Usage: /usr/bin/python3 bench/python_baseline.py BOOTSTRAP TOPIC GROUP 'host=127.0.0.1 port=5432 user=postgres dbname=x'
"""
import json
import signal
import sys
from datetime import datetime, timezone

import psycopg2
import psycopg2.extras
from confluent_kafka import Consumer, KafkaError
from user_agents import parse as parse_user_agent

BATCH = 5000

DDL = """
CREATE TABLE IF NOT EXISTS py_events (
    event_id text PRIMARY KEY, event_ts timestamptz, collection text, product_id text, store_id text, ip text,
    current_url text, referrer_url text, browser text, browser_version text, os text, device text, is_bot boolean);
CREATE TABLE IF NOT EXISTS py_bad_events (id bigserial PRIMARY KEY, reason text, payload bytea);
"""


def event_time(doc):
    ts = doc.get("time_stamp")
    if ts is None or ts == "":
        return datetime.strptime(doc["local_time"], "%Y-%m-%d %H:%M:%S")
    ts = float(ts)
    if ts > 1e11:
        ts /= 1000.0
    if ts < 946684800:
        raise ValueError("time out of range")
    return datetime.fromtimestamp(ts, tz=timezone.utc)


def to_row(raw):
    doc = json.loads(raw)  # raises on invalid JSON or UTF-8
    if not isinstance(doc, dict):
        raise ValueError("not an object")
    ua = parse_user_agent(doc.get("user_agent") or "")
    return (
        doc["id"], event_time(doc), doc.get("collection"), doc.get("product_id") or doc.get("viewing_product_id"),
        doc.get("store_id"), doc.get("ip"), doc.get("current_url"), doc.get("referrer_url"),
        ua.browser.family, ua.browser.version_string, ua.os.family, ua.device.family, ua.is_bot)


def main():
    bootstrap, topic, group, dsn = sys.argv[1:5]
    running = [True]
    signal.signal(signal.SIGTERM, lambda *_: running.__setitem__(0, False))
    signal.signal(signal.SIGINT, lambda *_: running.__setitem__(0, False))
    db = psycopg2.connect(dsn)
    with db, db.cursor() as cur:
        cur.execute(DDL)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
                         "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    while running[0]:
        messages = consumer.consume(BATCH, 0.5)
        if not messages:
            continue
        rows, bad, seen = [], [], set()
        for message in messages:
            if message.error():
                if message.error().code() != KafkaError._PARTITION_EOF:
                    print(message.error(), file=sys.stderr)
                continue
            try:
                row = to_row(message.value())
            except (ValueError, KeyError, TypeError) as error:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
                bad.append((type(error).__name__, message.value()))
                continue
            if row[0] not in seen:
                seen.add(row[0])
                rows.append(row)
        with db, db.cursor() as cur:
            psycopg2.extras.execute_values(
                cur, "INSERT INTO py_events VALUES %s ON CONFLICT (event_id) DO NOTHING", rows, page_size=1000)
            if bad:
                psycopg2.extras.execute_values(cur, "INSERT INTO py_bad_events (reason, payload) VALUES %s", bad)
        consumer.commit(asynchronous=False)
    consumer.close()
    db.close()


if __name__ == "__main__":
    main()
