"""Static membership: a member that restarts with the same group.instance.id gets its partitions back
without the other member rebalancing. Prints assignment sizes and callback counts as JSON."""
import sys
import time

from confluent_kafka import Consumer

from common import SHORT, create_topic, emit

bootstrap, topic = sys.argv[1], sys.argv[2]
create_topic(bootstrap, topic, partitions=4)
events = {"a-assign": 0, "a-revoke": 0}


def member(instance, callbacks=None):
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "static-" + topic,
        "group.instance.id": instance,
        "partition.assignment.strategy": "range",
        **SHORT,
    })
    if callbacks:
        consumer.subscribe([topic], on_assign=callbacks[0], on_revoke=callbacks[1])
    else:
        consumer.subscribe([topic])
    return consumer


def count(name):
    def callback(consumer, partitions):
        events[name] += 1
    return callback


def settle(consumers, expected, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for consumer in consumers:
            consumer.poll(0.05)
        if sorted(len(consumer.assignment()) for consumer in consumers) == expected:
            return True
    return False


first = member("a", (count("a-assign"), count("a-revoke")))
alone = settle([first], [4])
second = member("b")
shared = settle([first, second], [2, 2])
before = dict(events)
second.close()
restarted = member("b")
back = settle([first, restarted], [2, 2], timeout=5)
deadline = time.time() + 2
while time.time() < deadline:
    first.poll(0.05)
    restarted.poll(0.05)
after = dict(events)
sizes = sorted(len(consumer.assignment()) for consumer in (first, restarted))
first.close()
restarted.close()
emit({"alone": alone, "shared": shared, "back": back, "sizes": sizes, "before": before, "after": after})
