#!/usr/bin/env bash
# cpu-publisher's own CPU and memory while it samples at 1 Hz into a real broker.
#   tools/bench/cpu-publisher-footprint.sh [seconds=60] [--vs REV]
# Starts a broker (or uses KAFKA_BROKERS), builds and runs the app, and reads /proc for the app's
# process: CPU time used over the window (after a 10 s warm-up) and its peak and final RSS.
# A bare Node process with a 1 Hz setInterval runs in the same minutes: the floor, and a gauge of
# how loaded the machine was. --vs REV also runs cpu-publisher as built from git revision REV, side
# by side (the CPU here is shared, so only figures taken in the same minutes compare): HEAD and REV
# are then both bundled from clean worktrees under tmp/ (uncommitted changes are in neither).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source tools/scripts/env.sh
seconds=60 vs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --vs) vs="$2"; shift 2 ;;
    *) seconds="$1"; shift ;;
  esac
done

# A worktree of REV whose node_modules are this checkout's, but with the workspace packages
# pointing at the worktree's own libs; bundled as the build target does (third parties external).
bundle_rev() {
  local rev="$1" dir="tmp/footprint-$1" entry
  [ -d "$dir" ] || git worktree add -q --detach "$dir" "$rev"
  mkdir -p "$dir/node_modules/@quix-connectors"
  for entry in node_modules/* node_modules/.bin; do
    [ "$(basename "$entry")" = "@quix-connectors" ] || ln -sfn "$root/$entry" "$dir/node_modules/$(basename "$entry")"
  done
  for entry in node_modules/@quix-connectors/*; do ln -sfn "$(readlink "$entry")" "$dir/$entry"; done
  local externals=() dep
  # every third-party dependency of the app and the libs it bundles stays external, as the build's thirdParty: false
  for dep in $(cd "$dir" && node -p "[...new Set(['apps/cpu-publisher', ...require('fs').readdirSync('libs').map((l) => 'libs/' + l)].flatMap((p) => Object.keys(require('./' + p + '/package.json').dependencies ?? {})))].filter((d) => !d.startsWith('@quix-connectors/')).join(' ')"); do
    externals+=("--external:$dep" "--external:$dep/*")
  done
  (cd "$dir" && esbuild apps/cpu-publisher/src/main.ts --bundle --platform=node --format=esm --conditions=@quix-connectors/source \
    "${externals[@]}" --outfile=out/main.js --log-level=warning)
  ln -sfn "$root/$dir/node_modules" "$dir/out/node_modules"
  echo "$root/$dir/out/main.js"
}

if [ -n "$vs" ]; then
  apps=("HEAD=$(bundle_rev "$(git rev-parse --short HEAD)")" "$vs=$(bundle_rev "$(git rev-parse --short "$vs")")")
else
  npx nx build cpu-publisher --output-style=static >/dev/null
  apps=("cpu-publisher=apps/cpu-publisher/dist/main.js")
fi

run() {
  local ticks labels=() pids=() app
  ticks=$(getconf CLK_TCK)
  trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
  for app in "${apps[@]}"; do
    PORT=0 LOG_LEVEL=warn output="cpu-footprint-${#pids[@]}" node "${app#*=}" >/dev/null 2>&1 &
    labels+=("${app%%=*}"); pids+=($!)
  done
  node -e 'setInterval(() => {}, 1000)' &
  labels+=("bare node, 1 Hz setInterval"); pids+=($!)
  sleep 10
  cpu_at() { awk '{print $14 + $15}' "/proc/$1/stat"; }
  local start_cpu=() peak=() rss=() start_time i s
  for i in "${!pids[@]}"; do start_cpu[i]=$(cpu_at "${pids[i]}"); peak[i]=0; done
  start_time=$(date +%s.%N)
  for ((s = 0; s < seconds; s++)); do
    for i in "${!pids[@]}"; do
      rss[i]=$(awk '/VmRSS/ {print $2}' "/proc/${pids[i]}/status"); (( rss[i] > peak[i] )) && peak[i]=${rss[i]}
    done
    sleep 1
  done
  local elapsed used
  elapsed=$(echo "$(date +%s.%N) - $start_time" | bc)
  echo "over $seconds s at 1 Hz, 1-minute load average $(cut -d' ' -f1 /proc/loadavg):"
  for i in "${!pids[@]}"; do
    used=$(( $(cpu_at "${pids[i]}") - start_cpu[i] ))
    kill -TERM "${pids[i]}"; wait "${pids[i]}" || true
    printf '  %s: CPU %.2f%% of one core, RSS %d MB at the end, %d MB peak\n' \
      "${labels[i]}" "$(echo "100 * $used / $ticks / $elapsed" | bc -l)" "$((rss[i] / 1024))" "$((peak[i] / 1024))"
  done
}

if [ -n "${KAFKA_BROKERS:-}" ]; then run; else
  export -f run; export seconds; export apps_list="${apps[*]}"
  node libs/testing/src/bin/with-kafka.ts -- bash -c 'read -ra apps <<< "$apps_list"; run'
fi
