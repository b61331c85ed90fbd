"""Three members share a six-partition topic, then one leaves. argv[3] is the assignment strategy.
Prints assignment sizes and how many records were read as JSON."""
import sys
import time

from confluent_kafka import Consumer, Producer

from common import SHORT, create_topic, emit

bootstrap, topic, strategy = sys.argv[1], sys.argv[2], sys.argv[3]
create_topic(bootstrap, topic, partitions=6)
producer = Producer({"bootstrap.servers": bootstrap})
for index in range(60):
    producer.produce(topic, key=f"key-{index}", value=f"value-{index}", partition=index % 6)
producer.flush(10)

seen = set()
members = []
for index in range(3):
    member = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "rebalance-" + topic,
        "auto.offset.reset": "earliest",
        "partition.assignment.strategy": strategy,
        "auto.commit.interval.ms": 200,
        **SHORT,
    })
    member.subscribe([topic])
    members.append(member)


def settle(active, expected, timeout=30):
    deadline = time.time() + timeout
    stable_since = None
    while time.time() < deadline:
        for member in active:
            message = member.poll(0.05)
            if message is not None and not message.error():
                seen.add((message.partition(), message.offset()))
        sizes = sorted(len(member.assignment()) for member in active)
        union = set()
        for member in active:
            union |= {(tp.topic, tp.partition) for tp in member.assignment()}
        if sizes == expected and len(union) == 6:
            stable_since = stable_since or time.time()
            if time.time() - stable_since > 1.0:
                return sizes
        else:
            stable_since = None
    return sorted(len(member.assignment()) for member in active)


started = time.time()
three = settle(members, [2, 2, 2])
members[2].close()
two = settle(members[:2], [3, 3])
deadline = time.time() + 10
while len(seen) < 60 and time.time() < deadline:
    for member in members[:2]:
        message = member.poll(0.05)
        if message is not None and not message.error():
            seen.add((message.partition(), message.offset()))
for member in members[:2]:
    member.close()
emit({"three": three, "two": two, "records": len(seen), "seconds": round(time.time() - started, 1)})
