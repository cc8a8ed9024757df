#!/usr/bin/env bash
# Builds localhost/kafka-stand-in:<version>, a local stand-in of the official apache/kafka image
# (tools/containers/kafka-image/Dockerfile) from the Maven jars the tests use, for hosts that
# cannot pull images. docker/compose.podman.yaml runs it in place of apache/kafka.
# Idempotent: does nothing when the image exists (FORCE=1 rebuilds). Needs root.
# Usage: tools/containers/build-kafka-image.sh   (prints the image name last)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$repo_root/tools/kafka/pom.xml")"
image="localhost/kafka-stand-in:$version"

if [ "${FORCE:-0}" != 1 ] && podman image exists "$image"; then echo "$image"; exit 0; fi
"$here/make-base-image.sh" >&2
jars="$("$repo_root/tools/kafka/fetch-jars.sh")"

context="$(mktemp -d)"; trap 'rm -rf "$context"' EXIT
cp -r "$here/kafka-image/." "$context/"
# The same small broker log as the tests' jar broker (one definition, in libs/testing).
source "$repo_root/tools/scripts/env.sh" >&2
node --input-type=module -e "import { BROKER_LOG4J2_PROPERTIES } from '$repo_root/libs/testing/src/kafka/log4j2-properties.ts'; process.stdout.write(BROKER_LOG4J2_PROPERTIES)" >"$context/log4j2.properties"
mkdir "$context/libs" && cp "$jars"/*.jar "$context/libs/"
started=$(date +%s)
# runc and --format docker as for the apps (docker/README.md); --network=host: apt-get reaches
# the Debian mirror as the host does.
podman build --runtime runc --format docker --pull=never --network=host -t "$image" "$context" >&2
echo "built $image ($(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')) in $(( $(date +%s) - started )) s" >&2
echo "$image"
