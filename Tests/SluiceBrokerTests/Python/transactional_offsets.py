"""send_offsets_to_transaction: visible only after commit, unchanged by an abort, rejected for a stale
generation. Prints the committed offsets seen at each step as JSON."""
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition

from common import SHORT, create_topic, emit

bootstrap, topic = sys.argv[1], sys.argv[2]
group = "offsets-" + topic
create_topic(bootstrap, topic)
create_topic(bootstrap, topic + "-out")

seed = Producer({"bootstrap.servers": bootstrap})
for index in range(10):
    seed.produce(topic, value=f"in-{index}")
seed.flush(10)

assignments = {"first": 0, "second": 0}


def counting(name):
    def on_assign(consumer, partitions):
        assignments[name] += 1
    return on_assign


def consumer(name, isolation="read_committed"):
    return Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": group,
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "isolation.level": isolation,
        **SHORT,
    })


first = consumer("first")
first.subscribe([topic], on_assign=counting("first"))
consumed = 0
deadline = time.time() + 20
while consumed < 3 and time.time() < deadline:
    message = first.poll(0.2)
    if message is not None and not message.error():
        consumed += 1
metadata = first.consumer_group_metadata()

checker = consumer("checker", isolation="read_uncommitted")
partition = TopicPartition(topic, 0)


def committed():
    return checker.committed([partition], timeout=10)[0].offset


producer = Producer({
    "bootstrap.servers": bootstrap,
    "transactional.id": "offsets-" + topic,
    "transaction.timeout.ms": 30000,
    "socket.timeout.ms": 6000,
})
producer.init_transactions(10)

producer.begin_transaction()
producer.produce(topic + "-out", value="derived")
producer.send_offsets_to_transaction([TopicPartition(topic, 0, 3)], metadata, 10)
before_commit = committed()
stable_while_open = None
try:
    stable_while_open = first.committed([partition], timeout=2)[0].offset
except KafkaException as exception:
    stable_while_open = exception.args[0].name()
producer.commit_transaction(10)
after_commit = committed()

producer.begin_transaction()
producer.send_offsets_to_transaction([TopicPartition(topic, 0, 5)], metadata, 10)
producer.abort_transaction(10)
after_abort = committed()

second = consumer("second")
second.subscribe([topic], on_assign=counting("second"))
deadline = time.time() + 20
while (assignments["first"] < 2 or assignments["second"] < 1) and time.time() < deadline:
    first.poll(0.1)
    second.poll(0.1)

stale_error, requires_abort = None, False
producer.begin_transaction()
try:
    producer.send_offsets_to_transaction([TopicPartition(topic, 0, 7)], metadata, 10)
    producer.commit_transaction(10)
except KafkaException as exception:
    stale_error = exception.args[0].name()
    requires_abort = exception.args[0].txn_requires_abort()
    producer.abort_transaction(10)
after_stale = committed()

for client in (first, second, checker):
    client.close()
emit({
    "beforeCommit": before_commit,
    "stableWhileOpen": stable_while_open,
    "afterCommit": after_commit,
    "afterAbort": after_abort,
    "rebalances": assignments,
    "staleError": stale_error,
    "staleRequiresAbort": requires_abort,
    "afterStale": after_stale,
})
