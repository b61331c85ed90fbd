"""A transaction left open past its timeout is aborted by the broker. Prints what was visible as JSON."""
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition

from common import SHORT, create_topic, emit, read_all

bootstrap, topic = sys.argv[1], sys.argv[2]
create_topic(bootstrap, topic)
producer = Producer({
    "bootstrap.servers": bootstrap,
    "transactional.id": "timeout-" + topic,
    "transaction.timeout.ms": 2000,
    "message.timeout.ms": 2000,
    "socket.timeout.ms": 2000,
})
producer.init_transactions(10)
producer.begin_transaction()
for index in range(5):
    producer.produce(topic, value=f"stale-{index}")
producer.flush(10)
time.sleep(4)

committed = read_all(bootstrap, topic, "read_committed")
uncommitted = read_all(bootstrap, topic, "read_uncommitted")
watcher = Consumer({"bootstrap.servers": bootstrap, "group.id": "w", "isolation.level": "read_committed", **SHORT})
_, stable = watcher.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False)
watcher.close()

commit_error, fatal = None, False
try:
    producer.commit_transaction(10)
except KafkaException as exception:
    commit_error = exception.args[0].name()
    fatal = exception.args[0].fatal()

emit({
    "committed": len(committed),
    "uncommitted": len(uncommitted),
    "stable": stable,
    "commitError": commit_error,
    "commitFatal": fatal,
})
