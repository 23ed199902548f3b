#!/usr/bin/env bash
# Our SGEMM vs ONNX Runtime's MatMul, one thread, side by side; prints GFLOP/s and the ratio per shape.
# Usage: benchmarks/run-gemm.sh [JMH options], e.g.
#   benchmarks/run-gemm.sh                                   # every shape, weights on both sides
#   benchmarks/run-gemm.sh -p shape=1024x1024x1024 -p weights=left -wi 2 -i 3
# Output also goes to benchmarks/results/gemm-<timestamp>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
# JDK 25 (the Vector API build); override with BENCH_JAVA=/path/to/java.
JAVA="${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
CLASSPATH="benchmarks/target/classes:$(cat benchmarks/target/benchmark-classpath.txt)"
mkdir -p benchmarks/results
LOG="benchmarks/results/gemm-$(date +%Y%m%d-%H%M%S).log"
"$JAVA" --add-modules=jdk.incubator.vector -cp "$CLASSPATH" io.lcnnserve.benchmarks.GemmComparison "$@" 2>&1 | tee "$LOG"
