#!/usr/bin/env bash
# Installs what the container scripts need on a fresh Debian machine (podman, buildah, runc,
# debootstrap, kcat, curl, and any Debian package named as an argument, e.g. podman-compose), only
# when one is missing. Needs root (or sudo).
# Usage: tools/containers/install-tools.sh [package-with-a-command-of-its-name...]
set -euo pipefail
missing=()
for tool in podman buildah runc debootstrap kcat curl "$@"; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
echo "installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
