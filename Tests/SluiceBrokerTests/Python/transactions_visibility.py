"""5 committed, 5 aborted, 5 committed; then an open transaction. Prints counts and offsets as JSON."""
import sys

from confluent_kafka import Consumer, Producer, TopicPartition

from common import SHORT, create_topic, emit, read_all

bootstrap, topic = sys.argv[1], sys.argv[2]
create_topic(bootstrap, topic)
producer = Producer({
    "bootstrap.servers": bootstrap,
    "transactional.id": "visibility-" + topic,
    "transaction.timeout.ms": 30000,
    "socket.timeout.ms": 6000,
    "linger.ms": 5,
})
producer.init_transactions(10)


def transaction(prefix, commit, count=5):
    producer.begin_transaction()
    for index in range(count):
        producer.produce(topic, key=f"k{index}", value=f"{prefix}-{index}")
    producer.flush(10)
    if commit:
        producer.commit_transaction(10)


transaction("first", True)
transaction("aborted", False)
producer.abort_transaction(10)
transaction("second", True)

watcher = Consumer({"bootstrap.servers": bootstrap, "group.id": "watcher", "isolation.level": "read_uncommitted",
                    **SHORT})
low, high = watcher.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False)
committed = read_all(bootstrap, topic, "read_committed")
uncommitted = read_all(bootstrap, topic, "read_uncommitted")

transaction("open", False, count=3)
committed_open = read_all(bootstrap, topic, "read_committed")
uncommitted_open = read_all(bootstrap, topic, "read_uncommitted")
stable_consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "lso", "isolation.level": "read_committed",
                            **SHORT})
_, stable_open = stable_consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False)
_, high_open = watcher.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False)
producer.abort_transaction(10)
_, stable_after = stable_consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False)
stable_consumer.close()
watcher.close()

emit({
    "committed": len(committed),
    "uncommitted": len(uncommitted),
    "abortedVisible": sum(1 for value in committed if value.startswith("aborted")),
    "low": low,
    "high": high,
    "committedWhileOpen": len(committed_open),
    "uncommittedWhileOpen": len(uncommitted_open),
    "stableWhileOpen": stable_open,
    "highWhileOpen": high_open,
    "stableAfterAbort": stable_after,
})
