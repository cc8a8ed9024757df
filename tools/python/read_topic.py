"""Independent reader: consumes a topic with the official quixstreams library and prints what it
decoded, one JSON line per row:

    {"key": ..., "value": <the value quixstreams produced>, "timestamp_ms": <Kafka timestamp>}

It reads from the earliest offset with a fresh consumer group, through quixstreams' own
Application / StreamingDataFrame / deserialiser path (never by parsing the bytes itself), so it
sees exactly what a Quix Streams 3.x service would see. Integers are printed exactly (nanosecond
timestamps are ~1.7e18); bytes are printed as base64 strings.

    python read_topic.py --brokers 127.0.0.1:9092 --topic t --format quix --count 3 --timeout 20

Exits 2 when fewer than --count rows arrived before --timeout seconds passed without a message.
"""

import argparse
import base64
import json
import logging
import shutil
import sys
import tempfile
import uuid

from quixstreams import Application


def _json_default(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot print {type(value).__name__} as JSON")


def _parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--brokers", required=True, help="comma-separated host:port list")
    parser.add_argument("--topic", required=True)
    parser.add_argument("--format", choices=("json", "quix"), required=True)
    parser.add_argument("--count", type=int, required=True, help="rows to read before exiting")
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="give up after this many seconds without a new message",
    )
    return parser.parse_args(argv)


def main(argv):
    args = _parse_args(argv)
    if args.count < 1:
        print("read_topic: --count must be at least 1", file=sys.stderr)
        return 2

    state_dir = tempfile.mkdtemp(prefix="read-topic-state-")
    try:
        app = Application(
            broker_address=args.brokers,
            consumer_group=f"read-topic-{uuid.uuid4()}",
            auto_offset_reset="earliest",
            state_dir=state_dir,
            use_changelog_topics=False,
            auto_create_topics=False,
            loglevel="WARNING",
        )
        topic = app.topic(args.topic, value_deserializer=args.format, key_deserializer="str")
        sdf = app.dataframe(topic)

        printed = 0

        def emit(value, key, timestamp, _headers):
            nonlocal printed
            line = {"key": key, "value": value, "timestamp_ms": timestamp}
            sys.stdout.write(json.dumps(line, default=_json_default, ensure_ascii=False) + "\n")
            sys.stdout.flush()
            printed += 1

        sdf.update(emit, metadata=True)
        app.run(count=args.count, timeout=args.timeout, collect=False)
    finally:
        shutil.rmtree(state_dir, ignore_errors=True)

    if printed < args.count:
        print(
            f"read_topic: timed out: {printed} of {args.count} rows arrived from topic "
            f"{args.topic!r} before {args.timeout}s passed without a new message",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    logging.captureWarnings(True)
    sys.exit(main(sys.argv[1:]))
