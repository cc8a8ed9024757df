#!/usr/bin/env bash
# Proves the local stack (docker/compose.yaml) on a podman host without a registry: builds what is
# missing (the base and Kafka stand-ins, each app's image), brings the stack up with
# podman-compose and docker/compose.podman.yaml in the order compose.yaml's depends_on asks for
# (podman-compose 1.0.3 ignores `condition: service_healthy` and `service_completed_successfully`,
# so this script waits for each itself), checks every app is healthy, that the published ports answer from the host and
# that each app's topic holds data read with `npm run tail` from the host, then tears the stack
# down, always, also on failure or Ctrl-C. Prints the time of each phase.
#
# Usage (root, from a clean clone): tools/containers/stack-proof.sh
#   REBUILD=1   rebuild the app images from this checkout even when they exist
#   KEEP=1      leave the stack running at the end (tear it down with the printed command)
# Host ports: 9092, 8081 and 8082 when free, else free ones (printed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
cd "$repo_root"
project=quix-connectors-proof
# The services that run and answer /healthz; csv-importer is a Job (exit 0); demo-feed feeds the
# two HTTP sources. twitter-source needs the real X API (compose profile x-api): not run here.
services=(cpu-publisher rest-poller webhook-receiver web-gateway)
producers=("${services[@]}" csv-importer)
declare -A topic_of=([cpu-publisher]=cpu-load [rest-poller]=rest-data [webhook-receiver]=webhooks
  [web-gateway]=web-gateway [csv-importer]=sensors)
# Messages each must have written: 3 at least; the sample CSV's 24 rows exactly (exactly once).
declare -A want=([cpu-publisher]=3 [rest-poller]=3 [webhook-receiver]=3 [web-gateway]=3 [csv-importer]=24)
tail_groups=()
work="$(mktemp -d)"
compose=(podman-compose --podman-args=--runtime=runc -p "$project" -f docker/compose.yaml -f docker/compose.podman.yaml)

proof_started=$(date +%s)
phase_name=""; phase_started=0; timings=()
phase() {
  [ -z "$phase_name" ] || timings+=("$(printf '%-8s %4d s' "$phase_name" $(( $(date +%s) - phase_started )))")
  phase_name="$1"; phase_started=$(date +%s)
  [ -z "$1" ] || echo "== $1"
}
container() { echo "${project}_$1_1"; }
teardown() {
  local status=$?
  # A second Ctrl-C must not cut the teardown short and leave containers behind.
  trap - EXIT; trap '' INT TERM
  for group in "${tail_groups[@]}"; do kill -TERM -- "-$group" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ] && [ "$status" = 0 ]; then
    phase ""
    echo "the stack is left running; stop it with: ${compose[*]} down"
  else
    phase down
    "${compose[@]}" down -t 15 >"$work/down.log" 2>&1 || { echo "podman-compose down failed:" >&2; tail -5 "$work/down.log" >&2; }
    podman network rm -f "${project}_default" >/dev/null 2>&1 || true
    phase ""
  fi
  rm -rf "$work"
  echo "-- time per phase"; printf '%s\n' "${timings[@]}"
  echo "total    $(printf '%4d' $(( $(date +%s) - proof_started ))) s, $([ "$status" = 0 ] && echo 'all passed' || echo "FAILED (exit $status)")"
  exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT TERM
fail() {
  echo "FAIL $1" >&2
  if [ -n "${2:-}" ]; then echo "--- $2 log (last 30 lines)" >&2; podman logs --tail 30 "$(container "$2")" >&2 2>&1 || true; fi
  exit 1
}
pass() { echo "PASS $*"; }
free_port() { # the wanted port when nothing listens there, else any free one
  node -e 'const n=require("node:net");const w=Number(process.argv[1]);const l=(p,f)=>{const s=n.createServer().once("error",f).listen(p,"127.0.0.1",()=>{const a=s.address().port;s.close(()=>console.log(a))})};l(w,()=>l(0,()=>process.exit(1)))' "$1"
}
# Runs the container's healthcheck until it passes (podman schedules healthchecks with systemd
# timers, absent here, so nothing else runs them).
wait_healthy() {
  local service="$1" deadline=$(( $(date +%s) + $2 )) started=$(date +%s)
  until podman healthcheck run "$(container "$service")" >/dev/null 2>&1; do
    [ "$(podman inspect --format '{{.State.Running}}' "$(container "$service")" 2>/dev/null)" = true ] \
      || fail "$service stopped before it was healthy" "$service"
    [ "$(date +%s)" -lt "$deadline" ] || fail "$service not healthy after $2 s" "$service"
    sleep 2
  done
  pass "$service healthy after $(( $(date +%s) - started )) s ($(podman inspect --format '{{.State.Health.Status}}' "$(container "$service")"))"
}

phase tools
source tools/scripts/env.sh >/dev/null
"$here/install-tools.sh" podman-compose
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error # for `npm run tail`
"${compose[@]}" down -t 5 >/dev/null 2>&1 || true # what an interrupted run may have left

phase images
"$here/make-base-image.sh"
kafka_image="$("$here/build-kafka-image.sh")"
grep -q "image: $kafka_image\$" docker/compose.podman.yaml || fail "docker/compose.podman.yaml does not name $kafka_image"
for app in "${services[@]}" csv-importer; do
  if [ "${REBUILD:-0}" = 1 ] || ! podman image exists "localhost/$app:latest"; then "$here/build-image.sh" "$app"; fi
  # --format docker keeps the HEALTHCHECK (docker/README.md); an image without it cannot be proven healthy.
  [ "$app" = csv-importer ] || [ -n "$(podman image inspect --format '{{.Config.Healthcheck}}' "localhost/$app:latest" | grep -v '^<nil>$')" ] \
    || fail "localhost/$app:latest has no HEALTHCHECK: rebuild it with REBUILD=1 (build-image.sh uses --format docker)"
  echo "localhost/$app:latest, built $(podman image inspect --format '{{.Created}}' "localhost/$app:latest" | cut -d. -f1)"
done

export KAFKA_HOST_PORT WEBHOOK_RECEIVER_PORT WEB_GATEWAY_PORT
KAFKA_HOST_PORT="$(free_port 9092)"; WEBHOOK_RECEIVER_PORT="$(free_port 8081)"; WEB_GATEWAY_PORT="$(free_port 8082)"
echo "host ports: Kafka $KAFKA_HOST_PORT, webhook-receiver $WEBHOOK_RECEIVER_PORT, web-gateway $WEB_GATEWAY_PORT"

phase kafka
"${compose[@]}" up -d --no-build kafka >"$work/up-kafka.log" 2>&1 || { tail -20 "$work/up-kafka.log" >&2; fail "podman-compose up kafka"; }
wait_healthy kafka 240

phase topics
"${compose[@]}" up -d --no-build topics >"$work/up-topics.log" 2>&1 || { tail -20 "$work/up-topics.log" >&2; fail "podman-compose up topics"; }
topics_exit="$(timeout 300 podman wait "$(container topics)" || echo timeout)"
[ "$topics_exit" = 0 ] || fail "making the topics ended with $topics_exit, not 0" topics
pass "topics made: $(podman exec "$(container kafka)" /opt/kafka/bin/kafka-topics.sh --bootstrap-server kafka:19092 --list | grep -v '^__' | tr '\n' ' ')"

phase apps
# (podman-compose 1.0.3 starts the named services' dependencies again: kafka is running, so
# nothing happens to it; topics runs once more, and finds every topic made.)
"${compose[@]}" up -d --no-build "${services[@]}" csv-importer >"$work/up-apps.log" 2>&1 || { tail -20 "$work/up-apps.log" >&2; fail "podman-compose up of the apps"; }
for service in "${services[@]}"; do wait_healthy "$service" 180; done
for check in "webhook-receiver $WEBHOOK_RECEIVER_PORT" "web-gateway $WEB_GATEWAY_PORT"; do
  set -- $check
  curl -fsS --max-time 10 "http://127.0.0.1:$2/healthz" >"$work/healthz" || fail "$1's /healthz does not answer on the host's port $2" "$1"
  pass "$1 answers on the host: http://127.0.0.1:$2/healthz -> $(head -c 200 "$work/healthz")"
done
csv_exit="$(timeout 180 podman wait "$(container csv-importer)" || echo timeout)"
[ "$csv_exit" = 0 ] || fail "csv-importer ended with $csv_exit, not 0" csv-importer
pass "csv-importer imported and exited 0: $(podman logs --tail 1 "$(container csv-importer)" 2>&1 | cut -c1-300)"

phase feed
"${compose[@]}" up -d --no-build demo-feed >"$work/up-feed.log" 2>&1 || { tail -20 "$work/up-feed.log" >&2; fail "podman-compose up demo-feed"; }

phase data
# Every topic read from the host as a user would (one JSON line per row or event), each tail in
# its own process group so that stopping it stops its node too. One starts once the one before
# reads: each bundles itself into the same file (tools/scripts/tail.sh) first.
for app in "${producers[@]}"; do
  setsid npm run -s tail -- "${topic_of[$app]}" --from-beginning --json --brokers "127.0.0.1:$KAFKA_HOST_PORT" \
    >"$work/$app.jsonl" 2>"$work/$app.err" &
  tail_groups+=($!)
  deadline=$(( $(date +%s) + 60 ))
  until grep -q '^tail: reading' "$work/$app.err"; do
    kill -0 "$!" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ] || { cat "$work/$app.err" >&2; fail "npm run tail -- ${topic_of[$app]} did not start reading"; }
    sleep 0.5
  done
done
deadline=$(( $(date +%s) + 120 ))
for app in "${producers[@]}"; do
  until [ "$(wc -l <"$work/$app.jsonl")" -ge "${want[$app]}" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { cat "$work/$app.err" >&2; fail "$(wc -l <"$work/$app.jsonl") of ${want[$app]} rows from $app in ${topic_of[$app]} after 120 s" "$app"; }
    sleep 1
  done
done
sleep 3 # so that a duplicate of the CSV's rows, were there one, would be read too
for group in "${tail_groups[@]}"; do kill -TERM -- "-$group" 2>/dev/null || true; done
wait 2>/dev/null || true; tail_groups=()
rows="$(wc -l <"$work/csv-importer.jsonl")"
[ "$rows" = 24 ] || fail "sensors holds $rows rows, not the sample's 24 exactly once" csv-importer
for app in "${producers[@]}"; do
  pass "$app -> ${topic_of[$app]}: $(wc -l <"$work/$app.jsonl") rows read; the first: $(head -1 "$work/$app.jsonl" | cut -c1-300)"
done
echo "stack proven: every app healthy, data from each readable on 127.0.0.1:$KAFKA_HOST_PORT"
