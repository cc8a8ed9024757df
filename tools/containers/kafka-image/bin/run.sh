#!/bin/bash
# Starts one Kafka node in KRaft mode from KAFKA_* variables, as apache/kafka does: each
# KAFKA_<NAME> becomes a server property (lower case, `_` -> `.`, `__` -> `_`, `___` -> `-`),
# e.g. KAFKA_NODE_ID=1 -> node.id=1; CLUSTER_ID formats the storage on the first start.
set -euo pipefail
props=/opt/kafka/config/runtime/server.properties
# Variables of the scripts themselves, not server properties.
not_properties='^KAFKA_(HEAP_OPTS|OPTS|JVM_PERFORMANCE_OPTS|LOG4J_OPTS|JMX_OPTS|GC_LOG_OPTS|DEBUG|VERSION)$'
: >"$props"
while IFS='=' read -r name value; do
  [[ "$name" =~ ^KAFKA_ ]] || continue
  [[ "$name" =~ $not_properties ]] && continue
  key="${name#KAFKA_}"; key="${key,,}"
  key="${key//___/-}"; key="${key//__/@}"; key="${key//_/.}"; key="${key//@/_}"
  printf '%s=%s\n' "$key" "$value" >>"$props"
done < <(env)
grep -q '^log\.dirs=' "$props" || echo 'log.dirs=/var/lib/kafka/data' >>"$props"
[ -n "${CLUSTER_ID:-}" ] || { echo 'run.sh: set CLUSTER_ID (e.g. 22 characters of base64url, as `kafka-storage.sh random-uuid` prints)' >&2; exit 2; }

# A fixed voter set (controller.quorum.voters) is formatted as is; a dynamic quorum as one
# standalone controller.
standalone=--standalone
grep -q '^controller\.quorum\.voters=' "$props" && standalone=""
cd /opt/kafka
bin/kafka-run-class.sh kafka.tools.StorageTool format --ignore-formatted $standalone -t "$CLUSTER_ID" -c "$props" >/dev/null
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m}" exec bin/kafka-run-class.sh kafka.Kafka "$props"
