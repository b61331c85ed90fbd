"""Helpers shared by the broker conformance scripts: short timeouts and counting consumers."""
import json
import sys

from confluent_kafka import Consumer, KafkaError, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

SHORT = {
    "socket.timeout.ms": 6000,
    "session.timeout.ms": 6000,
    "heartbeat.interval.ms": 500,
    "topic.metadata.refresh.interval.ms": 1000,
}


def emit(result):
    print(json.dumps(result), flush=True)


def create_topic(bootstrap, name, partitions=1):
    admin = AdminClient({"bootstrap.servers": bootstrap, "socket.timeout.ms": 6000})
    futures = admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)],
                                  operation_timeout=5, request_timeout=10)
    futures[name].result(timeout=10)


def read_all(bootstrap, topic, isolation, partitions=(0,), timeout=15.0):
    """Reads every partition from the start to its end (the LSO under read_committed); returns the values."""
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "reader",
        "enable.auto.commit": False,
        "enable.partition.eof": True,
        "isolation.level": isolation,
        **{k: v for k, v in SHORT.items() if k != "session.timeout.ms"},
    })
    consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
    values = []
    remaining = set(partitions)
    import time
    deadline = time.time() + timeout
    while remaining and time.time() < deadline:
        message = consumer.poll(0.2)
        if message is None:
            continue
        if message.error():
            if message.error().code() == KafkaError._PARTITION_EOF:
                remaining.discard(message.partition())
                continue
            raise RuntimeError(str(message.error()))
        values.append(message.value().decode() if message.value() is not None else None)
    consumer.close()
    if remaining:
        raise RuntimeError(f"no end of partition for {sorted(remaining)}")
    return values


def fail(message):
    print(json.dumps({"error": message}), flush=True)
    sys.exit(1)
