#!/usr/bin/env bash
# cpu-publisher's own CPU and memory while it samples at 1 Hz into a real broker.
#   tools/bench/cpu-publisher-footprint.sh [seconds=60]
# Starts a broker (or uses KAFKA_BROKERS), builds and runs the app, and reads /proc for the app's
# process: CPU time used over the window (after a 10 s warm-up) and its peak and final RSS.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source tools/scripts/env.sh
seconds="${1:-60}"
npx nx build cpu-publisher --output-style=static >/dev/null

run() {
  PORT=0 LOG_LEVEL=warn output=cpu-footprint node apps/cpu-publisher/dist/main.js >/dev/null 2>&1 &
  local pid=$! ticks
  ticks=$(getconf CLK_TCK)
  sleep 10
  cpu_at() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
  local start_cpu start_time peak=0 rss
  start_cpu=$(cpu_at); start_time=$(date +%s.%N)
  for ((i = 0; i < seconds; i++)); do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status"); (( rss > peak )) && peak=$rss
    sleep 1
  done
  local used elapsed
  used=$(( $(cpu_at) - start_cpu )); elapsed=$(echo "$(date +%s.%N) - $start_time" | bc)
  kill -TERM "$pid"; wait "$pid" || true
  printf 'cpu-publisher at 1 Hz over %s s: CPU %.2f%% of one core, RSS %d MB at the end, %d MB peak\n' \
    "$seconds" "$(echo "100 * $used / $ticks / $elapsed" | bc -l)" "$((rss / 1024))" "$((peak / 1024))"
}

if [ -n "${KAFKA_BROKERS:-}" ]; then run; else
  export -f run; export seconds
  node libs/testing/src/bin/with-kafka.ts -- bash -c run
fi
