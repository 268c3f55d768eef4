#!/bin/sh
# Stands in for the UBI image's run-java.sh, with the variables Dockerfile.jvm sets: JAVA_APP_JAR,
# JAVA_MAX_MEM_RATIO (percent of the container's memory for the heap), JAVA_OPTS and JAVA_OPTS_APPEND.
exec java ${JAVA_MAX_MEM_RATIO:+-XX:MaxRAMPercentage=$JAVA_MAX_MEM_RATIO} $JAVA_OPTS $JAVA_OPTS_APPEND \
    -jar "${JAVA_APP_JAR:?JAVA_APP_JAR is not set}" "$@"
