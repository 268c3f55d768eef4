#!/bin/bash
# Runs a class from Kafka's jars, as Kafka's own kafka-run-class.sh does (the part the image's tools use). Logging:
# KAFKA_LOG4J_CONFIG, by default the tools' (warnings only); the broker's run script sets the broker's.
set -euo pipefail
main=$1
shift
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1} \
    ${KAFKA_OPTS:-} -Dlog4j2.configurationFile="${KAFKA_LOG4J_CONFIG:-/opt/kafka/config/tools-log4j2.xml}" \
    -cp '/opt/kafka/libs/*' "$main" "$@"
