#!/usr/bin/env bash
# Builds, smoke-tests and pushes apps' images as $IMAGE_REPOSITORY/<app>:$IMAGE_TAG, the names
# quix.yaml deploys ("{{IMAGE_REPOSITORY}}/<app>:{{IMAGE_TAG}}"). An image is pushed only after its
# smoke test passed; each app's smoke test gets the input it needs to publish something. Without
# IMAGE_REPOSITORY (or with PUSH=0) it builds and tests only.
# Usage: IMAGE_REPOSITORY=ghcr.io/<owner>/<repo> IMAGE_TAG=<commit> tools/containers/publish-images.sh <app>...
#   PULL_BASE=1 pulls the official node image (CI); without it the local stand-in is used.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
[ $# -gt 0 ] || { echo "usage: $0 <app>..." >&2; exit 2; }
cd "$repo_root"

# The stand-in runs in a process group of its own (npm -> tools/bench/run.sh -> node): stopping
# the group stops its node too, which killing the first process alone would leave running.
stand_in_pid=""
trap '[ -z "$stand_in_pid" ] || kill -TERM -- "-$stand_in_pid" 2>/dev/null || true' EXIT

smoke() {
  local app="$1"
  case "$app" in
    cpu-publisher) "$here/smoke-test.sh" "$app" ;;
    # polls its own health endpoint
    rest-poller) "$here/smoke-test.sh" "$app" -- -e 'POLL_URL=http://127.0.0.1:{PORT}/healthz' -e POLL_INTERVAL_MS=500 ;;
    webhook-receiver)
      SMOKE_FEED='for n in 1 2 3; do curl -fsS -H "content-type: application/json" -d "{\"n\":$n}" http://127.0.0.1:{PORT}/webhook; done' \
        "$here/smoke-test.sh" "$app" ;;
    web-gateway)
      SMOKE_FEED='for n in 1 2 3; do curl -fsS -H "content-type: application/json" -d "{\"n\":$n}" http://127.0.0.1:{PORT}/data/smoke; done' \
        "$here/smoke-test.sh" "$app" -- -e ALLOW_ANONYMOUS=true ;;
    twitter-source)
      # the X API stand-in the tests use, on the host (the container shares its network)
      (cd apps/twitter-source && exec setsid npm run --silent x-api-stand-in >/dev/null 2>&1) &
      stand_in_pid=$!
      for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:4100/ && break; sleep 1; done
      "$here/smoke-test.sh" "$app" -- -e BEARER_TOKEN=dev-token -e X_API_BASE_URL=http://127.0.0.1:4100 -e TWITTER_RULES=cats
      kill -TERM -- "-$stand_in_pid" 2>/dev/null || true; stand_in_pid="" ;;
    # A Job that imports a file and exits: the smoke test's service checks do not apply.
    csv-importer) echo "csv-importer: no smoke test (a Job; its import is tested by csv-importer's own tests)" ;;
    *) echo "no smoke test defined for $app" >&2; return 1 ;;
  esac
}

for app in "$@"; do
  "$here/build-image.sh" "$app"
  smoke "$app"
  if [ -n "${IMAGE_REPOSITORY:-}" ] && [ "${PUSH:-1}" = 1 ]; then
    target="$IMAGE_REPOSITORY/$app:${IMAGE_TAG:?IMAGE_TAG is required with IMAGE_REPOSITORY}"
    podman tag "localhost/$app:latest" "$target"
    podman push "$target"
    echo "pushed $target"
  fi
done
