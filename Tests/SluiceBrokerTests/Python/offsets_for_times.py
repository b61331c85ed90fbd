"""Offsets for times before, inside and after the records, and the watermarks. Prints JSON."""
import sys

from confluent_kafka import Consumer, Producer, TopicPartition

from common import SHORT, create_topic, emit

bootstrap, topic = sys.argv[1], sys.argv[2]
create_topic(bootstrap, topic)
producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 50})
for index, timestamp in enumerate([1000, 2000, 3000, 4000]):
    producer.produce(topic, value=f"v{index}", timestamp=timestamp)
producer.flush(10)
producer.produce(topic, value="late", timestamp=9000)
producer.flush(10)

consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "times", **SHORT})
queries = [500, 1000, 2500, 4000, 5000, 9000, 9001]
found = [consumer.offsets_for_times([TopicPartition(topic, 0, timestamp)], timeout=10)[0] for timestamp in queries]
low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False)
consumer.close()
emit({
    "offsets": {str(query): result.offset for query, result in zip(queries, found)},
    "low": low,
    "high": high,
})
