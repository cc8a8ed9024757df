#!/bin/sh
# Runs a long-lived command (the test broker) so that it cannot outlive whoever started it.
#   supervise.sh <dir-to-remove> <log-file> <command> [args...]
#
# The command runs in the background with its output appended to <log-file>. This script then
# waits for end of file on its own stdin, which its parent holds as a pipe and never writes to:
# the parent closes the pipe to stop the command, and the kernel closes it when the parent dies
# in any way (crash, Ctrl-C, kill -9). On end of file the command gets SIGTERM, then SIGKILL
# after 5 s. When the command has exited, <dir-to-remove> is deleted and this script exits with
# the command's status. Portable sh; no Linux-only prctl/pdeathsig needed.
set -u
dir=$1
log=$2
shift 2

# Background jobs of a non-interactive shell get /dev/null as stdin, so keep the pipe on fd 3.
exec 3<&0
"$@" </dev/null >>"$log" 2>&1 &
child=$!
(
  while read -r _ <&3; do :; done
  kill -TERM "$child" 2>/dev/null
  i=0
  while kill -0 "$child" 2>/dev/null && [ "$i" -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
  done
  kill -KILL "$child" 2>/dev/null
) &
watcher=$!
exec 3<&-

wait "$child"
status=$?
kill "$watcher" 2>/dev/null
rm -rf "$dir"
exit "$status"
