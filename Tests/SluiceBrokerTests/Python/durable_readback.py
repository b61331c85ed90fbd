"""After a broker restart, kafka-python reads a topic back (read_committed) and the groups' committed offsets.

Arguments: bootstrap, topic to read, its partition count, topic of the offsets, its partition count, then group
ids. Prints JSON: {"values": [...], "offsets": {group: {"topic-partition": offset}}} (partitions never
committed are left out).
"""
import json
import sys

from kafka import KafkaConsumer, TopicPartition

bootstrap, topic, partitions = sys.argv[1], sys.argv[2], int(sys.argv[3])
offsets_topic, offsets_partitions = sys.argv[4], int(sys.argv[5])
groups = sys.argv[6:]

consumer = KafkaConsumer(bootstrap_servers=bootstrap, isolation_level="read_committed",
                         auto_offset_reset="earliest", consumer_timeout_ms=3000, request_timeout_ms=10000)
consumer.assign([TopicPartition(topic, p) for p in range(partitions)])
consumer.seek_to_beginning()
values = [message.value.decode() for message in consumer]
consumer.close()

offsets = {}
for group in groups:
    reader = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
                           request_timeout_ms=10000)
    found = {}
    for partition in range(offsets_partitions):
        committed = reader.committed(TopicPartition(offsets_topic, partition))
        if committed is not None:
            found[f"{offsets_topic}-{partition}"] = committed
    offsets[group] = found
    reader.close()
print(json.dumps({"values": values, "offsets": offsets}), flush=True)
