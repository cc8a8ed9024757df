#!/usr/bin/env bash
# Writes docker/<app>.Dockerfile for every app in apps/: docker/app.Dockerfile with `ARG APP`
# defaulting to the app, so each builds with a plain `docker build -f docker/<app>.Dockerfile .`
# (as Quix and most CI builders do, without build arguments).
# --check: change nothing, fail when a file is missing or differs (the CI-friendly form).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
check=0; [ "${1:-}" = --check ] && check=1
status=0
for app_dir in apps/*/; do
  app="$(basename "$app_dir")"
  [ -f "$app_dir/package.json" ] || continue
  file="docker/$app.Dockerfile"
  rendered="$(
    echo "# GENERATED from docker/app.Dockerfile by tools/containers/render-dockerfiles.sh: do not edit."
    sed -e "0,/^ARG APP\$/s//ARG APP=$app/" \
        -e "s|^#   docker build -f docker/app.Dockerfile --build-arg APP=$app|#   docker build -f $file|" \
        -e "s|^#   docker build -f docker/app.Dockerfile --build-arg APP=cpu-publisher -t cpu-publisher \.|#   docker build -f $file -t $app .|" \
        docker/app.Dockerfile
  )"
  if [ "$check" = 1 ]; then
    if [ "$(cat "$file" 2>/dev/null)" != "$rendered" ]; then echo "$file is out of date: run $0" >&2; status=1; fi
  else
    printf '%s\n' "$rendered" >"$file"
    echo "wrote $file"
  fi
done
exit $status
