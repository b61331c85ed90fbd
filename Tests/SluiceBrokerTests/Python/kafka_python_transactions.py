"""kafka-python's transactional producer: commit, abort, commit; both isolation levels read back. Prints JSON."""
import json
import sys

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

bootstrap, topic = sys.argv[1], sys.argv[2]
admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
admin.close()

producer = KafkaProducer(bootstrap_servers=bootstrap, transactional_id="kafka-python-" + topic,
                         request_timeout_ms=10000)
producer.init_transactions()
for prefix, commit in (("first", True), ("aborted", False), ("second", True)):
    producer.begin_transaction()
    for index in range(3):
        producer.send(topic, value=f"{prefix}-{index}".encode(), partition=0)
    producer.flush()
    if commit:
        producer.commit_transaction()
    else:
        producer.abort_transaction()
producer.close()

result = {}
for isolation in ("read_committed", "read_uncommitted"):
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, isolation_level=isolation, auto_offset_reset="earliest",
                             consumer_timeout_ms=3000, request_timeout_ms=10000)
    consumer.assign([TopicPartition(topic, 0)])
    consumer.seek_to_beginning()
    result[isolation] = [message.value.decode() for message in consumer]
    consumer.close()
print(json.dumps(result), flush=True)
