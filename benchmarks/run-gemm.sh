#!/usr/bin/env bash
# Our SGEMM vs ONNX Runtime's MatMul, one thread, side by side; prints GFLOP/s and the ratio per shape.
# Usage: benchmarks/run-gemm.sh [JMH options], e.g.
#   benchmarks/run-gemm.sh                                   # every shape, weights on both sides
#   benchmarks/run-gemm.sh -p shape=1024x1024x1024 -p weights=left -wi 2 -i 3
#   benchmarks/run-gemm.sh --cpu-time [seconds-per-case] [MxKxN ...]   # per-call thread CPU time, for a
#                                                                       # loaded machine (see GemmCpuTimeComparison)
# Output also goes to benchmarks/results/gemm-<timestamp>.log. Extra JVM options for the JMH host go in
# GEMM_JVM_OPTS (e.g. GEMM_JVM_OPTS=-Djmh.ignoreLock=true when another JMH run holds /tmp/jmh.lock).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
# JDK 25 (the Vector API build); override with BENCH_JAVA=/path/to/java.
JAVA="${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
CLASSPATH="benchmarks/target/classes:$(cat benchmarks/target/benchmark-classpath.txt)"
mkdir -p benchmarks/results
LOG="benchmarks/results/gemm-$(date +%Y%m%d-%H%M%S).log"
MAIN=io.lcnnserve.benchmarks.GemmComparison
if [[ "${1:-}" == "--cpu-time" ]]; then
  MAIN=io.lcnnserve.benchmarks.GemmCpuTimeComparison
  shift
fi
# shellcheck disable=SC2086
"$JAVA" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED ${GEMM_JVM_OPTS:-} -Xmx2g \
  -cp "$CLASSPATH" "$MAIN" "$@" 2>&1 | tee "$LOG"
