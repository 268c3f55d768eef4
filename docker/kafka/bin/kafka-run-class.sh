#!/bin/bash
# Runs a class from Kafka's jars, as Kafka's own kafka-run-class.sh does (the part the image's tools use).
set -euo pipefail
main=$1
shift
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseSerialGC} ${KAFKA_OPTS:-} \
    -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.xml -cp '/opt/kafka/libs/*' "$main" "$@"
