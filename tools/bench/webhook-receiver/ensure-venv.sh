#!/usr/bin/env bash
# Creates (once) the venv of the Flask + waitress baseline and prints its python.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${HOME}/.cache/quix-connectors/venv-webhook-bench"
if [ ! -x "${venv}/bin/python" ] || ! "${venv}/bin/python" -c 'import flask, waitress, quixstreams' 2>/dev/null; then
  python3 -m venv "${venv}" >&2
  "${venv}/bin/pip" install --quiet -r "${here}/requirements.txt" >&2
fi
echo "${venv}/bin/python"
