#!/usr/bin/python3
"""A front office that is not ours: Confluent's Python client (librdkafka) with its defaults.

Reads JSON lines on stdin, one application each: {"key": <string or null>, "value": {...}}, and
produces them with confluent_kafka.avro.AvroProducer: librdkafka's default partitioner
(consistent_random, CRC32 of the key: not Java's murmur2) and keys written as Avro strings with a
schema id (magic byte, 4-byte id, zig-zag length, UTF-8), as Confluent's serializers do. Prints one
JSON line per record once the broker acknowledged it: {"id": ..., "partition": ..., "offset": ...}.

Usage: avro_producer.py BOOTSTRAP REGISTRY_URL TOPIC VALUE_SCHEMA_FILE
"""
import datetime
import json
import sys

from confluent_kafka import avro
from confluent_kafka.avro import AvroProducer


def main():
    bootstrap, registry, topic, schema_file = sys.argv[1:5]
    with open(schema_file, encoding="utf-8") as f:
        value_schema = avro.loads(f.read())
    key_schema = avro.loads('"string"')
    producer = AvroProducer(
        {"bootstrap.servers": bootstrap, "schema.registry.url": registry, "acks": "all"},
        default_key_schema=key_schema,
        default_value_schema=value_schema,
    )
    acked = []
    errors = []

    def delivered(application_id):
        def callback(err, msg):
            if err is not None:
                errors.append(application_id + ": " + str(err))
            else:
                acked.append((application_id, msg.partition(), msg.offset()))
        return callback

    for line in sys.stdin:
        if not line.strip():
            continue
        record = json.loads(line)
        value = record["value"]
        # python-avro writes timestamp-millis from a datetime.
        value["submittedAt"] = datetime.datetime.fromtimestamp(
            value["submittedAt"] / 1000.0, tz=datetime.timezone.utc)
        try:
            producer.produce(topic=topic, key=record.get("key"), value=value,
                             callback=delivered(value["applicationId"]))
        except Exception as e:  # the serializer refused the record: it never left
            print(json.dumps({"id": value["applicationId"], "refused": str(e)[:300]}), flush=True)
        producer.poll(0)
    producer.flush(60)
    for application_id, partition, offset in acked:
        print(json.dumps({"id": application_id, "partition": partition, "offset": offset}))
    if errors:
        print("delivery failed: " + "; ".join(errors), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
