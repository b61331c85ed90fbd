"""kafka-python: idempotent produce with keys and headers, a group consumer that reads and commits, and the
committed offset seen by a new consumer. Prints JSON."""
import json
import sys

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

bootstrap, topic = sys.argv[1], sys.argv[2]
admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)])

producer = KafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all",
                         request_timeout_ms=10000)
for index in range(20):
    producer.send(topic, key=f"key-{index}".encode(), value=f"value-{index}".encode(),
                  headers=[("index", str(index).encode())], partition=index % 2)
producer.flush(10)
producer.close()

group = "kafka-python-" + topic
consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest",
                         enable_auto_commit=False, session_timeout_ms=6000, heartbeat_interval_ms=500,
                         consumer_timeout_ms=8000, request_timeout_ms=10000)
records = []
for message in consumer:
    records.append({
        "partition": message.partition,
        "key": message.key.decode(),
        "value": message.value.decode(),
        "header": dict(message.headers)["index"].decode(),
    })
    if len(records) == 20:
        break
consumer.commit()
consumer.close()

checker = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
                        request_timeout_ms=10000)
committed = [checker.committed(TopicPartition(topic, partition)) for partition in (0, 1)]
end_offsets = checker.end_offsets([TopicPartition(topic, partition) for partition in (0, 1)])
checker.close()
groups = [entry["group_id"] if isinstance(entry, dict) else entry[0] for entry in admin.list_groups()]
admin.close()

consistent = all(record["key"] == "key-" + record["header"] and record["value"] == "value-" + record["header"]
                 for record in records)
print(json.dumps({
    "records": len(records),
    "consistent": consistent,
    "committed": committed,
    "endOffsets": sorted(end_offsets.values()),
    "groupListed": group in groups,
}), flush=True)
