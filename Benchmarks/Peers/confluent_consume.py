"""The confluent-kafka Python peer of sluice-bench's raw consume loop.

Run by sluice-bench as a child process with the same arguments as its own contestants. It reads the backlog
(printing "drained" once it has), then the paced records, taking their latency from the sluice.loaded_at header,
and prints one JSON report on standard output. Consumer settings match sluice-bench's BenchSettings.consumer.
"""

import json
import resource
import sys
import time

from confluent_kafka import Consumer

from peer_common import arguments, peak_rss_mib

POLL_BATCH = 2000


def percentiles(samples):
    if not samples:
        return None
    samples.sort()

    def at(fraction):
        return float(samples[min(len(samples) - 1, int(len(samples) * fraction))])

    return {"samples": len(samples), "p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": float(samples[-1])}


def main():
    values = arguments(sys.argv[1:])
    backlog = int(values["--records"])
    expected = backlog + int(values["--paced"])
    consumer = Consumer({
        "bootstrap.servers": values["--bootstrap"],
        "group.id": "bench-confluent-python",
        "client.id": "bench-confluent-python",
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        "isolation.level": "read_committed",
        "queued.min.messages": 100000,
        "fetch.wait.max.ms": 100,
        "partition.assignment.strategy": "range,roundrobin",
        "session.timeout.ms": 45000,
        "heartbeat.interval.ms": 3000,
    })
    consumer.subscribe([values["--input"]])
    consumed = 0
    first_at = None
    backlog_done_at = None
    latencies = []
    last_progress = time.time()
    error = None
    while consumed < expected:
        # consume() waits for the whole batch until the timeout (rd_kafka_consume_batch_queue); a short timeout
        # keeps that wait out of the latency, as in sluice-bench's raw loops (BenchSettings.readerPollMilliseconds).
        messages = consumer.consume(num_messages=POLL_BATCH, timeout=0.01)
        now = time.time()
        if now - last_progress > (60 if consumed == 0 else 15):
            error = "stalled at %d of %d records" % (consumed, expected)
            break
        if messages:
            last_progress = now
        if messages and first_at is None:
            first_at = now
        for message in messages:
            if message.error():
                continue
            consumed += 1
            if consumed == backlog:
                backlog_done_at = now
                sys.stdout.write("drained\n")
                sys.stdout.flush()
            elif consumed > backlog:
                for key, value in message.headers() or []:
                    if key == "sluice.loaded_at":
                        latencies.append(int(now * 1000) - int(value))
    consumer.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report = {
        "consumed": consumed,
        "produced": 0,
        "commits": 0,
        "cpuSeconds": usage.ru_utime + usage.ru_stime,
        "peakRSSMiB": peak_rss_mib(),
        "firstRecordAt": first_at,
        "backlogDoneAt": backlog_done_at,
        "latency": percentiles(latencies),
        "error": error,
    }
    sys.stdout.write(json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
