"""The Admin API of confluent-kafka: topics, configs, groups (including the legacy v0 listing),
records deletion. Prints JSON."""
import sys

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic

from common import SHORT, emit

bootstrap, topic = sys.argv[1], sys.argv[2]
admin = AdminClient({"bootstrap.servers": bootstrap, "socket.timeout.ms": 6000})
created = admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1)], request_timeout=10)
created[topic].result(10)
duplicate = admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1)], request_timeout=10)
try:
    duplicate[topic].result(10)
    duplicate_error = None
except Exception as exception:
    duplicate_error = exception.args[0].name()

producer = Producer({"bootstrap.servers": bootstrap})
for index in range(9):
    producer.produce(topic, value=f"v{index}", partition=index % 3)
producer.flush(10)

group = "admin-" + topic
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                     "enable.auto.commit": False, **SHORT})
consumer.subscribe([topic])
read = 0
import time
deadline = time.time() + 20
while read < 9 and time.time() < deadline:
    message = consumer.poll(0.2)
    if message is not None and not message.error():
        read += 1
consumer.commit(asynchronous=False)

configs = admin.describe_configs([ConfigResource(ConfigResource.Type.TOPIC, topic)], request_timeout=10)
config_values = {name: entry.value for resource, future in configs.items() for name, entry in future.result(10).items()}
legacy = sorted(g.id for g in admin.list_groups(timeout=10))
legacy_members = {g.id: len(g.members) for g in admin.list_groups(group, timeout=10)}
listed = sorted(g.group_id for g in admin.list_consumer_groups(request_timeout=10).result(10).valid)
described = admin.describe_consumer_groups([group], request_timeout=10)[group].result(10)
consumer.close()

trimmed = admin.delete_records([TopicPartition(topic, 0, 2)], request_timeout=10)
low_after_delete = list(trimmed.values())[0].result(10).low_watermark
deleted = admin.delete_topics([topic], request_timeout=10)
deleted[topic].result(10)
remaining = sorted(admin.list_topics(timeout=10).topics)
emit({
    "duplicateError": duplicate_error,
    "read": read,
    "cleanupPolicy": config_values.get("cleanup.policy"),
    "legacyGroups": legacy,
    "legacyMembers": legacy_members,
    "listedGroups": listed,
    "describedMembers": len(described.members),
    "describedState": str(described.state),
    "lowAfterDelete": low_after_delete,
    "topicsAfterDelete": remaining,
})
