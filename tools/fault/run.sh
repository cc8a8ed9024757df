#!/usr/bin/env bash
# Runs the fault suite: esbuild bundles tools/fault/src/main.ts against the libs' sources (as
# tools/bench/run.sh does) and Node 24 runs the bundle from the repository root.
#   tools/fault/run.sh [options]     (npm run fault -- [options]; see tools/fault/README.md)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/tools/scripts/env.sh"
out="$root/tmp/fault/fault-suite.mjs"
"$root/node_modules/.bin/esbuild" "$root/tools/fault/src/main.ts" --bundle --platform=node --format=esm \
  --conditions=@quix-connectors/source --log-level=warning \
  --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" --outfile="$out"
cd "$root"
exec node "$out" "$@"
