"""A second producer with the same transactional.id fences the first. Prints what each saw as JSON."""
import sys

from confluent_kafka import KafkaException, Producer

from common import create_topic, emit, read_all

bootstrap, topic = sys.argv[1], sys.argv[2]
create_topic(bootstrap, topic)
settings = {
    "bootstrap.servers": bootstrap,
    "transactional.id": "fencing-" + topic,
    "transaction.timeout.ms": 30000,
    "socket.timeout.ms": 6000,
}
first = Producer(settings)
first.init_transactions(10)
first.begin_transaction()
for index in range(5):
    first.produce(topic, value=f"zombie-{index}")
first.flush(10)

second = Producer(settings)
second.init_transactions(10)

first_error, fatal = None, False
try:
    for index in range(5, 8):
        first.produce(topic, value=f"zombie-{index}")
    first.commit_transaction(10)
except KafkaException as exception:
    first_error = exception.args[0].name()
    fatal = exception.args[0].fatal()

second.begin_transaction()
for index in range(2):
    second.produce(topic, value=f"live-{index}")
second.commit_transaction(10)

committed = read_all(bootstrap, topic, "read_committed")
emit({
    "firstError": first_error,
    "firstFatal": fatal,
    "committed": committed,
})
