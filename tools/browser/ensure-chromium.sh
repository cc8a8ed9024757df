#!/usr/bin/env bash
# Debian's headless Chromium for the web gateway's page tests (playwright-core drives it; no
# browser download from outside the registries reached here). Prints its path.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$path" ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >&2
fi
echo "$path"
