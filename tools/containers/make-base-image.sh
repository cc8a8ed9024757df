#!/usr/bin/env bash
# Makes a faithful local stand-in of the official node:24-bookworm-slim image for podman, on
# machines that cannot pull images (see ../../docker/README.md): Debian bookworm (debootstrap
# minbase), the official Node 24 binary in /usr/local/bin, npm in /usr/local/lib/node_modules/npm,
# and a user `node` (uid/gid 1000). Imported as localhost/node:24-bookworm-slim, so Dockerfiles
# that say `FROM node:24-bookworm-slim` build unchanged with `podman build --pull=never`.
#
# Idempotent: does nothing when the image exists (FORCE=1 rebuilds it); the rootfs tarball is
# cached under ~/.cache/quix-connectors (QUIX_CONNECTORS_CACHE) and reused. Needs root.
# Usage: tools/containers/make-base-image.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
image=localhost/node:24-bookworm-slim
cache_dir="${QUIX_CONNECTORS_CACHE:-$HOME/.cache/quix-connectors}/base-image"
tarball="$cache_dir/node-24-bookworm-slim.rootfs.tar"

"$here/install-tools.sh"

if [ "${FORCE:-0}" != 1 ] && podman image exists "$image"; then
  echo "$image exists (FORCE=1 rebuilds it)"
  exit 0
fi

if [ "${FORCE:-0}" = 1 ] || [ ! -s "$tarball" ]; then
  node_bin_dir="$("$repo_root/tools/scripts/ensure-node.sh")"
  node_bin="$(readlink -f "$node_bin_dir/node")"
  npm_dir="$(dirname "$(dirname "$(readlink -f "$node_bin_dir/npm")")")" # .../npm/bin/npm-cli.js -> .../npm
  [ -f "$npm_dir/package.json" ] || { echo "npm not found beside $node_bin_dir" >&2; exit 1; }
  # The mirror apt already uses here (deb822 or one-line sources), else Debian's default.
  mirror=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
    | head -1 | grep -oE 'https?://[^ ]+' || true)
  mirror="${mirror:-http://deb.debian.org/debian}"

  mkdir -p "$cache_dir"
  rootfs="$(mktemp -d "$cache_dir/rootfs.XXXXXX")"
  trap 'rm -rf "$rootfs"' EXIT
  echo "debootstrap bookworm from $mirror (about a minute)"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$cache_dir/debootstrap.log" 2>&1 \
    || { tail -20 "$cache_dir/debootstrap.log" >&2; exit 1; }

  echo "Node $("$node_bin" --version) and npm $(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$npm_dir/package.json" | head -1) into /usr/local"
  install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  chroot "$rootfs" sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
  # As the official slim image: no apt lists or caches.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
  tar -C "$rootfs" -cf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
fi

podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_VERSION=24' \
  --change 'CMD ["node"]' \
  "$tarball" "$image" >/dev/null
echo "imported $image ($(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
