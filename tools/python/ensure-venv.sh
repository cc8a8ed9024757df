#!/usr/bin/env bash
# Creates (or refreshes when requirements.txt changed) the Python venv used by the independent
# quixstreams reader, and prints its python path.
#   tools/python/ensure-venv.sh   -> /home/me/.cache/quix-connectors/venv-quixstreams/bin/python
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/requirements.txt"
cache_root="${QUIX_CONNECTORS_CACHE:-$HOME/.cache/quix-connectors}"
venv="$cache_root/venv-quixstreams"
python_bin="$venv/bin/python"
marker="$venv/.requirements.sha256"
# The content only (not the file's path), so every checkout sharing the cache agrees on the stamp.
stamp="$( (sha256sum <"$requirements"; python3 --version 2>&1) | sha256sum | cut -d' ' -f1)"

if [ -x "$python_bin" ] && [ -f "$marker" ] && [ "$(cat "$marker")" = "$stamp" ]; then
  echo "$python_bin"
  exit 0
fi

command -v python3 >/dev/null || { echo "ensure-venv: python3 (3.9+) is needed" >&2; exit 1; }
mkdir -p "$cache_root"
# Parallel test workers may all arrive here: one builds, the others wait and then reuse it.
if command -v flock >/dev/null; then
  exec 9>"$cache_root/venv-quixstreams.lock"
  flock 9
  if [ -x "$python_bin" ] && [ -f "$marker" ] && [ "$(cat "$marker")" = "$stamp" ]; then
    echo "$python_bin"
    exit 0
  fi
fi
echo "ensure-venv: first run: creating a Python venv with $(grep -v "^#" "$requirements" | tr "\n" " ")from PyPI in $venv (a minute or two); later runs reuse it" >&2
# The marker is written last: an interrupted install has none and is rebuilt from scratch.
rm -rf "$venv"
python3 -m venv "$venv" >&2
"$python_bin" -m pip install -q --disable-pip-version-check -r "$requirements" >&2
echo "$stamp" >"$marker"
echo "$python_bin"
