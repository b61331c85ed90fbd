"""The Quix Streams peer of sluice-bench's stateless map and per-key count.

Run by sluice-bench as a child process with the same arguments as its own contestants, in the bench-only
virtual environment the harness creates (Benchmarks/Peers/.venv, quixstreams 3.28.1 from PyPI). It runs one
Quix Streams application until its standard input closes (the harness closes it once it has seen every output),
then prints one JSON report on standard output.

- quix-map: input -> apply (flip one bit of the first value byte) -> output, like sluice-map.
- quix-count: input -> stateful apply (count per message key in Quix's RocksDB state, changelogged) -> output,
  the count as 8 big-endian bytes, like sluice-count.

Client settings follow sluice-bench's BenchSettings; Quix forces the range assignor, keeps its own consumer
defaults where it insists, and uses confluent-kafka 2.12 (its bundled librdkafka) rather than 2.16.
"""

import json
import logging
import resource
import shutil
import sys
import tempfile
import threading
import warnings

# An import inside Quix Streams warns that authlib's httpx integration is deprecated; it says nothing about the run.
warnings.filterwarnings("ignore", category=DeprecationWarning)

from quixstreams import Application  # noqa: E402 (after the warning filter)

from peer_common import arguments, peak_rss_mib  # noqa: E402 (beside this script)


def main():
    values = arguments(sys.argv[1:])
    contestant = values["--contestant"]
    exactly_once = values.get("--guarantee") == "eos"
    state_dir = values.get("--state-dir") or tempfile.mkdtemp(prefix="sluice-bench-quix-")
    # Quix logs to standard error; standard output carries the report only.
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)

    app = Application(
        broker_address=values["--bootstrap"],
        consumer_group="bench-" + contestant,
        auto_offset_reset="earliest",
        commit_interval=int(values["--commit-ms"]) / 1000,
        processing_guarantee="exactly-once" if exactly_once else "at-least-once",
        state_dir=state_dir,
        loglevel="WARNING",
        # Quix checks its commit interval when a poll returns; with its default 1 s poll timeout the last records
        # before a pause wait up to a second for their transaction, ten times the interval asked for.
        consumer_poll_timeout=0.1,
        consumer_extra_config={
            "queued.min.messages": 100000,
            "fetch.wait.max.ms": 100,
            "isolation.level": "read_committed",
            "session.timeout.ms": 45000,
            "heartbeat.interval.ms": 3000,
        },
        producer_extra_config={
            "enable.idempotence": True,
            "linger.ms": 5,
            "batch.size": 1048576,
            "queue.buffering.max.messages": 100000,
            "compression.codec": "none",
        },
    )
    source = app.topic(
        values["--input"],
        key_deserializer="bytes",
        value_deserializer="bytes",
    )
    sink = app.topic(
        values["--output-topic"],
        key_serializer="bytes",
        value_serializer="bytes",
    )
    processed = [0]

    def flip(value):
        processed[0] += 1
        if not value:
            return value
        return bytes((value[0] ^ 0x20,)) + value[1:]

    def count(value, state):
        processed[0] += 1
        total = state.get("count", 0) + 1
        state.set("count", total)
        return total.to_bytes(8, "big", signed=True)

    frame = app.dataframe(source)
    if contestant == "quix-count":
        frame = frame.apply(count, stateful=True)
    else:
        frame = frame.apply(flip)
    frame.to_topic(sink)

    def stop_when_stdin_closes():
        sys.stdin.buffer.read()
        app.stop()

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    error = None
    try:
        app.run()
    except Exception as failure:  # reported to the harness, which prints it in the table's notes
        error = "%s: %s" % (type(failure).__name__, failure)
    finally:
        if "--state-dir" not in values:
            shutil.rmtree(state_dir, ignore_errors=True)

    usage = resource.getrusage(resource.RUSAGE_SELF)
    report = {
        "consumed": processed[0],
        "produced": processed[0],
        "commits": 0,
        "cpuSeconds": usage.ru_utime + usage.ru_stime,
        "peakRSSMiB": peak_rss_mib(),
        "error": error,
    }
    sys.stdout.write(json.dumps(report) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
