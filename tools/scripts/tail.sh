#!/usr/bin/env bash
# `npm run tail -- <topic>`: bundles the tail command against the libs' sources (as tools/fault/run.sh
# does) and runs it on Node 24. Options: libs/testing/src/bin/tail-topic.ts.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/tools/scripts/env.sh" >&2
# One bundle per run, so tails started side by side never share a half-written file; node
# replaces this shell (signals reach it), so older bundles are swept here instead of at exit.
mkdir -p "$root/tmp/tail"
find "$root/tmp/tail" -name 'tail-topic.*.mjs' -mmin +60 -delete 2>/dev/null || true
out="$(mktemp "$root/tmp/tail/tail-topic.XXXXXX.mjs")"
"$root/node_modules/.bin/esbuild" "$root/libs/testing/src/bin/tail-topic.ts" --bundle --platform=node --format=esm \
  --conditions=@quix-connectors/source --log-level=warning \
  --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" --outfile="$out"
exec node "$out" "$@"
