#!/usr/bin/env bash
# Builds an app's image with podman as `docker build` would, from the repository root, against the
# local node:24-bookworm-slim stand-in (made first when missing), or with PULL_BASE=1 against the
# official image pulled from Docker Hub (where a registry answers: CI). Prints the size and time.
# Usage: tools/containers/build-image.sh <app> [extra podman build args...]
# The image is localhost/<app>:latest. See docker/README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
app="${1:?usage: $0 <app> [podman build args...]}"; shift
dockerfile="docker/$app.Dockerfile"
cd "$repo_root"
[ -f "$dockerfile" ] || { echo "$dockerfile is missing (tools/containers/render-dockerfiles.sh makes it)" >&2; exit 1; }
"$here/render-dockerfiles.sh" --check

pull=never
if [ "${PULL_BASE:-0}" = 1 ]; then pull=missing; "$here/install-tools.sh"; else "$here/make-base-image.sh"; fi

# This machine's own trust, lent to the build's RUN steps only (never committed to a layer): when
# Node on the host trusts extra CAs (NODE_EXTRA_CA_CERTS, or npm's `cafile`: e.g. a
# TLS-inspecting proxy's), the build stage's `npm ci` must trust them too, or it retries TLS
# errors for minutes. The Dockerfile stays ordinary; elsewhere this adds nothing.
mounts=()
cafile="${NODE_EXTRA_CA_CERTS:-$(npm config get cafile 2>/dev/null | grep -v -e '^null$' -e '^undefined$' || true)}"
if [ -n "$cafile" ] && [ -f "$cafile" ]; then
  npmrc="$(mktemp)"; trap 'rm -f "$npmrc"' EXIT
  printf 'cafile=/run/host-ca.crt\n' >"$npmrc"
  mounts+=(--volume "$cafile:/run/host-ca.crt:ro" --volume "$npmrc:/usr/local/etc/npmrc:ro")
  echo "lending the host's CA file $cafile to the build's npm"
fi

started=$(date +%s)
# runc, not the default crun: crun fails here with "cgroups in hybrid mode not supported".
# --network=host: the build stage's `npm ci` reaches the registry as the host does.
# --format docker: podman's default OCI format has no HEALTHCHECK and would drop ours.
podman build --runtime runc --format docker --pull=$pull --network=host ${mounts[@]+"${mounts[@]}"} \
  -f "$dockerfile" -t "localhost/$app:latest" "$@" .
seconds=$(( $(date +%s) - started ))
size=$(podman image inspect --format '{{.Size}}' "localhost/$app:latest" | awk '{printf "%.0f MB", $1/1e6}')
echo "built localhost/$app:latest: $size, in ${seconds}s"
