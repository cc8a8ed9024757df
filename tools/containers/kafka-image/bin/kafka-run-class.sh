#!/bin/bash
# Runs a class from the Kafka jars, as apache/kafka's script of the same name does.
# Usage: kafka-run-class.sh <class> [args...]
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} -Djava.awt.headless=true \
  -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties \
  -cp '/opt/kafka/libs/*' "$@"
