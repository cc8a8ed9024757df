#!/usr/bin/env bash
# csv-importer benchmark (not a test): 1M rows x 10 columns into Kafka, in both formats, with
# Kafka's own Java ProducerPerformance sending the same number of messages of the same average size
# to the same broker, and the Python quixstreams producer publishing the same rows (json, one row
# per message) as a second reference. Reports rows/s, MB/s (message values) and peak RSS, and the rows/s
# of csv-parse alone on the same file (the ceiling the parser sets at that moment).
#   KAFKA_BROKERS=127.0.0.1:9092 tools/bench/csv-importer/run.sh [rows]     (npm run kafka starts one)
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
source "$root/tools/scripts/env.sh" >/dev/null 2>&1
brokers="${KAFKA_BROKERS:?set KAFKA_BROKERS (npm run kafka prints it)}"
rows="${1:-1000000}"
work="$root/tmp/bench/csv-importer"; mkdir -p "$work"
csv="$work/rows-$rows.csv"
[ -f "$csv" ] || python3 "$root/tools/bench/csv-importer/generate.py" "$csv" "$rows"
csv_mb=$(( $(stat -c %s "$csv") / 1000000 ))
(cd "$root" && npx nx build csv-importer --output-style=static >/dev/null 2>&1)
jars="$("$root/tools/kafka/fetch-jars.sh")"
run_id="$(date +%s)"
echo "csv: $csv ($rows rows, $csv_mb MB); broker $brokers; $(nproc) cores"
printf '%-34s %12s %10s %10s %12s\n' "run" "rows/s" "MiB/s" "seconds" "peak RSS MB"

for format in quix json; do
  topic="bench-csv-$format-$run_id"
  summary="$( { /usr/bin/time -f 'RSS_KB %M' env KAFKA_BROKERS="$brokers" output="$topic" QUIX_MESSAGE_FORMAT="$format" \
      TIMESTAMP_COLUMN=time TIMESTAMP_FORMAT=ms PROGRESS_INTERVAL_MS=600000 COMMIT_EVERY_ROWS="${COMMIT_EVERY_ROWS:-20000}" \
      node "$root/apps/csv-importer/dist/main.js" "$csv" 2>&1; } | grep -E '"summary"|RSS_KB')"
  rss_kb="$(echo "$summary" | awk '/RSS_KB/ {print $2}')"
  line="$(echo "$summary" | grep '"summary"')"
  read -r rps mbps ms messages bytes < <(echo "$line" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["rowsPerSecond"], round(s["bytesThisRun"] / 1048576 / (s["durationMs"] / 1000), 2), s["durationMs"], s["messagesThisRun"], s["bytesThisRun"])')
  printf '%-34s %12s %10s %10s %12s\n' "csv-importer $format" "$rps" "$mbps" "$(echo "scale=1; $ms/1000" | bc)" "$((rss_kb / 1024))"

  # The same number of messages of the same average size, with Kafka's own producer (acks=all, idempotent).
  record_size=$(( bytes / messages ))
  perf="$(java -cp "$jars/*" org.apache.kafka.tools.ProducerPerformance --topic "bench-java-$format-$run_id" \
      --num-records "$messages" --record-size "$record_size" --throughput -1 \
      --producer-props bootstrap.servers="$brokers" acks=all max.request.size=2000000 2>/dev/null | tail -1)"
  # "N records sent, X records/sec (Y MB/sec), ..."
  java_mbps="$(echo "$perf" | sed -E 's/.*\(([0-9.]+) MB\/sec\).*/\1/')"
  java_rps="$(echo "$perf" | sed -E 's/.*sent, ([0-9.]+) records\/sec.*/\1/')"
  printf '%-34s %12s %10s %10s %12s\n' "ProducerPerformance ($messages x ${record_size} B)" "$java_rps msg" "$java_mbps" "" ""
done

# The parser's own ceiling on this machine at this moment: csv-parse alone, nothing else to do.
parse_rps="$("$root/tools/bench/run.sh" "$root/tools/bench/csv-importer/parse-only.ts" "$csv" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["rowsPerSecond"])')"
printf '%-34s %12s\n' "csv-parse alone (no Kafka)" "$parse_rps"

python="$("$root/tools/python/ensure-venv.sh")"
py="$("$python" "$root/tools/bench/csv-importer/quixstreams_produce.py" "$brokers" "bench-py-$run_id" "$csv" 2>/dev/null | tail -1)"
read -r py_rps py_mbps py_s py_rss < <(echo "$py" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["rows_per_second"], s["mb_per_second"], s["seconds"], s["peak_rss_mb"])')
printf '%-34s %12s %10s %10s %12s\n' "python quixstreams json" "$py_rps" "$py_mbps" "$py_s" "$py_rss"
