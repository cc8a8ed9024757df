#!/usr/bin/env bash
# Resolves the Apache Kafka broker jars (see pom.xml) into the cache and prints the jar folder.
# Idempotent: Maven runs only when the folder lacks its completion marker, so an interrupted
# download is redone from scratch on the next call.
#   tools/kafka/fetch-jars.sh            -> /home/me/.cache/quix-connectors/kafka-4.3.1/libs
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pom="$here/pom.xml"
version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$pom")"
[ -n "$version" ] || { echo "fetch-jars: cannot read kafka.version from $pom" >&2; exit 1; }

cache_root="${QUIX_CONNECTORS_CACHE:-$HOME/.cache/quix-connectors}"
jars="$cache_root/kafka-$version/libs"
# The marker holds a hash of the pom, so editing the pom (another log4j, say) refetches.
stamp="$(sha256sum "$pom" | cut -d' ' -f1)"
marker="$jars/.complete"

if [ -f "$marker" ] && [ "$(cat "$marker")" = "$stamp" ]; then
  echo "$jars"
  exit 0
fi

command -v mvn >/dev/null || { echo "fetch-jars: Maven (mvn) is needed to download the Kafka jars" >&2; exit 1; }
echo "fetch-jars: first run: downloading the Apache Kafka $version broker jars (about 55 MB, from Maven Central) into $jars; later runs reuse them" >&2
tmp="$jars.tmp.$$"
trap 'rm -rf "$tmp"' EXIT
rm -rf "$tmp"
mkdir -p "$tmp"
mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" >&2
echo "$stamp" >"$tmp/.complete"
rm -rf "$jars"
mv "$tmp" "$jars"
echo "$jars"
