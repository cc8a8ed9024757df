#!/usr/bin/env bash
# Runs a benchmark written in TypeScript against the libs' sources: esbuild bundles it (resolving
# workspace libs to src through the "@quix-connectors/source" condition) and Node runs the bundle.
#   tools/bench/run.sh tools/bench/encoders.bench.ts [args...]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/tools/scripts/env.sh"
bench="$1"; shift
# Inside the repo (tmp/ is ignored), so anything left external resolves from node_modules.
out="$root/tmp/bench/$(basename "$bench" .ts).mjs"
"$root/node_modules/.bin/esbuild" "$bench" --bundle --platform=node --format=esm \
  --conditions=@quix-connectors/source --log-level=warning \
  --banner:js="import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" --outfile="$out"
exec node "$out" "$@"
