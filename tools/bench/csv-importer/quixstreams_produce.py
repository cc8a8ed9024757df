"""The Python reference: the official quixstreams producer publishing the same CSV rows, one row per
message as JSON (what csv-importer's json format writes), the way the Quix CSV samples do it
(parse, convert numbers, produce), but with the csv module instead of pandas so memory stays flat.
Prints one JSON line: rows, seconds, rows_per_second, bytes, peak RSS."""
import csv
import json
import resource
import sys
import time

from quixstreams import Application

brokers, topic, path = sys.argv[1], sys.argv[2], sys.argv[3]
app = Application(broker_address=brokers, producer_extra_config={"linger.ms": 5, "enable.idempotence": True})
rows = 0
size = 0
started = time.monotonic()
with app.get_producer() as producer, open(path, newline="") as f:
    reader = csv.reader(f)
    header = next(reader)
    for record in reader:
        row = {"Timestamp": int(record[1]) * 1_000_000}
        for name, cell in zip(header, record):
            if name != "time":
                row[name] = float(cell) if "." in cell else int(cell)
        value = json.dumps(row, separators=(",", ":")).encode()
        size += len(value)
        while True:
            try:
                producer.produce(topic=topic, key=b"bench", value=value, timestamp=int(record[1]))
                break
            except BufferError:
                producer.poll(0.1)
        rows += 1
    producer.flush()
seconds = time.monotonic() - started
print(json.dumps({"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds),
                  "bytes": size, "mb_per_second": round(size / 1048576 / seconds, 2),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
