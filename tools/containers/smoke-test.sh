#!/usr/bin/env bash
# Runs an app's image against a real Kafka broker and checks what the image promises:
#   1. the app process runs as uid 1000 (user node), not root;
#   2. GET /healthz answers 200;
#   3. messages arrive in the output topic (read back with kcat);
#   4. on SIGTERM the container exits 0 (the app flushed and stopped within its bounded delay).
# The broker is KAFKA_BROKERS when set, else one started with libs/testing's kafka-local for the
# run. The image is localhost/<app>:latest, built first when missing. Extra `podman run`
# arguments (e.g. the app's own variables) follow `--`.
# Usage: tools/containers/smoke-test.sh <app> [-- -e NAME=value ...]
#   tools/containers/smoke-test.sh cpu-publisher
#   tools/containers/smoke-test.sh rest-poller -- -e 'POLL_URL=http://127.0.0.1:{PORT}/healthz'
# `{PORT}` in an extra argument is replaced by the port the app listens on.
# SMOKE_FEED: a shell command run once /healthz answers (`{PORT}` replaced too), for an app that
# publishes only what it is sent, e.g. SMOKE_FEED='curl -fsS -d "{}" http://127.0.0.1:{PORT}/webhook'.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
app="${1:?usage: $0 <app> [-- podman run args...]}"; shift
[ "${1:-}" = -- ] && shift
image="localhost/$app:latest"
name="smoke-$app-$$"
topic="smoke-$app-$(date +%s)"
work="$(mktemp -d)"
kafka_pid=""
cd "$repo_root"
# shellcheck source=../scripts/env.sh
source tools/scripts/env.sh 2>/dev/null

cleanup() {
  podman rm -f "$name" >/dev/null 2>&1 || true
  if [ -n "$kafka_pid" ]; then kill -TERM "$kafka_pid" 2>/dev/null && wait "$kafka_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*" >&2; echo "--- container log (last 30 lines)" >&2; podman logs --tail 30 "$name" >&2 2>&1 || true; exit 1; }

"$here/install-tools.sh"
podman image exists "$image" || "$here/build-image.sh" "$app"
echo "image $image: $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"

brokers="${KAFKA_BROKERS:-}"
if [ -z "$brokers" ]; then
  echo "starting a local Kafka broker (libs/testing kafka-local)"
  node libs/testing/src/bin/kafka-local.ts >"$work/kafka.out" 2>"$work/kafka.err" &
  kafka_pid=$!
  for _ in $(seq 1 180); do
    brokers="$(sed -n 's/^KAFKA_BROKERS=//p' "$work/kafka.out")"
    [ -n "$brokers" ] && break
    kill -0 "$kafka_pid" 2>/dev/null || { cat "$work/kafka.err" >&2; echo "FAIL the broker did not start" >&2; exit 1; }
    sleep 1
  done
  [ -n "$brokers" ] || { echo "FAIL no broker after 180 s" >&2; exit 1; }
fi
echo "broker $brokers, topic $topic"

port="$(node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
extra=()
for arg in "$@"; do extra+=("${arg//\{PORT\}/$port}"); done

# The flags these machines need (docker/README.md): runc, the two ulimits, host networking to
# reach the broker on 127.0.0.1. --read-only: the app must not need to write to its image.
podman --runtime runc run -d --name "$name" --net=host --read-only \
  --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
  -e "KAFKA_BROKERS=$brokers" -e "output=$topic" -e "PORT=$port" ${extra[@]+"${extra[@]}"} \
  "$image" >/dev/null
started=$(date +%s%N)

# 2. /healthz
healthy=""
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >"$work/healthz" 2>/dev/null; then healthy=1; break; fi
  [ "$(podman inspect --format '{{.State.Running}}' "$name")" = true ] || fail "the container stopped before /healthz answered"
  sleep 0.5
done
[ -n "$healthy" ] || fail "/healthz did not answer within 30 s"
pass "/healthz answered $(cat "$work/healthz") after $(( ($(date +%s%N) - started) / 1000000 )) ms"
if [ -n "${SMOKE_FEED:-}" ]; then
  bash -c "${SMOKE_FEED//\{PORT\}/$port}" >"$work/feed" 2>&1 || fail "SMOKE_FEED failed: $(tail -c 300 "$work/feed")"
  pass "fed the app: $SMOKE_FEED"
fi

# 1. the user
uid="$(podman exec "$name" sh -c 'awk "/^Uid:/ {print \$2}" /proc/1/status')"
comm="$(podman exec "$name" sh -c 'tr "\\0" " " </proc/1/cmdline' | sed "s/ $//")"
[ "$uid" = 1000 ] || fail "process 1 ($comm) runs as uid $uid, not 1000"
pass "process 1 ($comm) runs as uid $uid ($(podman exec "$name" id -un))"

# 3. messages in the topic
count=0
for _ in $(seq 1 30); do
  count=$(timeout 10 kcat -C -q -b "$brokers" -t "$topic" -o beginning -e -f '%k\t%s\n' 2>/dev/null | tee "$work/messages" | wc -l || true)
  [ "$count" -ge 3 ] && break
  sleep 1
done
[ "$count" -ge 3 ] || fail "only $count messages in $topic after 30 s"
pass "$count messages in $topic; the first: $(head -c 300 "$work/messages" | head -1)"

# 4. SIGTERM -> exit 0
podman kill --signal TERM "$name" >/dev/null
stop_started=$(date +%s%N)
exit_code="$(timeout 60 podman wait "$name" || echo timeout)"
[ "$exit_code" = 0 ] || fail "after SIGTERM the container exited with $exit_code"
pass "after SIGTERM the container exited 0 in $(( ($(date +%s%N) - stop_started) / 1000000 )) ms"
echo "--- last log lines"; podman logs --tail 3 "$name" 2>&1 | cut -c1-300
echo "smoke test of $image: all passed"
