#!/usr/bin/env bash
# The web gateway benchmark in one run: SignalR SendParameterData over 100 connections (from the
# bare `ws` client the ceiling uses, and from the official @microsoft/signalr client), the same
# writes over the HTTP Writer API, and a bare `ws` echo server as the ceiling; closed loop for
# each, then SignalR at a fixed 5,000 writes/s for its latency. Every write to the gateway is
# answered after Kafka acknowledged it. Uses KAFKA_BROKERS when set, else starts a broker from jars.
#   tools/bench/web-gateway/run.sh [seconds]
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
source tools/scripts/env.sh
seconds="${1:-10}"
here=tools/bench/web-gateway
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

if [ -z "${KAFKA_BROKERS:-}" ]; then
  log="$(mktemp)"
  node libs/testing/src/bin/kafka-local.ts --port 0 >"$log" 2>&1 &
  pids+=($!)
  until grep -q '^KAFKA_BROKERS=' "$log"; do sleep 1; kill -0 "${pids[-1]}" || { cat "$log"; exit 1; }; done
  export KAFKA_BROKERS="$(sed -n 's/^KAFKA_BROKERS=//p' "$log")"
fi
echo "broker: $KAFKA_BROKERS" >&2

npx nx build web-gateway --output-style=static >/dev/null
PORT=18140 TOKENS='[{"token":"bench-token","topics":["bench-gateway"]}]' LOG_LEVEL=warn LOG_SUMMARY_INTERVAL_MS=0 \
  node apps/web-gateway/dist/main.js &
pids+=($!)
node "$here/ws-echo.mts" 18130 >&2 &
pids+=($!)
until curl -sf http://127.0.0.1:18140/readyz >/dev/null; do sleep 0.5; done

load() { node "$here/load.mts" --seconds "$seconds" --connections 100 "$@"; }
load --target ws-echo --url http://127.0.0.1:18130 | tee /tmp/bench-gateway-echo.json
load --target signalr-ws --url http://127.0.0.1:18140 | tee /tmp/bench-gateway-signalr-ws.json
load --target signalr --url http://127.0.0.1:18140 | tee /tmp/bench-gateway-signalr.json
load --target http --url http://127.0.0.1:18140 | tee /tmp/bench-gateway-http.json
load --target signalr-ws --url http://127.0.0.1:18140 --rate 5000 | tee /tmp/bench-gateway-signalr-ws-5000.json
load --target signalr --url http://127.0.0.1:18140 --rate 5000 | tee /tmp/bench-gateway-signalr-5000.json

node -e '
const read = (name) => JSON.parse(require("fs").readFileSync(`/tmp/bench-gateway-${name}.json`, "utf8"));
const echo = read("echo"), lean = read("signalr-ws"), hub = read("signalr"), http = read("http");
const pct = (x) => (100 * x.perSecond / echo.perSecond).toFixed(1) + "% of the ceiling";
const closed = (name, x) => console.log(`${name}: ${x.perSecond}/s (${pct(x)}), p50 ${x.p50Ms} ms, p99 ${x.p99Ms} ms, errors ${x.errors}`);
const fixed = (name, x) => console.log(`${name} at 5,000/s: ${x.perSecond}/s achieved, p50 ${x.p50Ms} ms, p99 ${x.p99Ms} ms, errors ${x.errors}`);
console.log(`ws echo (ceiling, bare ws client): ${echo.perSecond}/s, p99 ${echo.p99Ms} ms`);
closed("SignalR SendParameterData, bare ws client (as the ceiling)", lean);
closed("SignalR SendParameterData, @microsoft/signalr client", hub);
closed("HTTP parameters/data, undici", http);
fixed("SignalR, bare ws client", read("signalr-ws-5000"));
fixed("SignalR, @microsoft/signalr client", read("signalr-5000"));
'
