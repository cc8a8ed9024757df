# Source this file: puts Node 24 first on PATH and sets what Nx and npm need on these machines.
#   source tools/scripts/env.sh
_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
_node_bin="$("$_repo_root/tools/scripts/ensure-node.sh")" || return 1
export PATH="$_node_bin:$_repo_root/node_modules/.bin:$PATH"
# Native addons must be built against Node 24's headers, not the machine's older Node.
[ -d "$_node_bin/../include/node" ] && export npm_config_nodedir="$(cd "$_node_bin/.." && pwd)"
export NX_NO_CLOUD=true NX_DAEMON="${NX_DAEMON:-false}"
unset _repo_root _node_bin
