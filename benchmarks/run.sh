#!/usr/bin/env bash
# The model benchmark matrix: every model x threads {1, 2} x batch {1, 8}, our engine against ONNX
# Runtime Java side by side, plus allocation per inference, arena bytes and the profiling-isolation
# check. Writes benchmarks/results/latest.md and latest.json and refreshes the README's table.
# Usage: benchmarks/run.sh [--quick] [--models a,b] [--threads 1,2] [--batches 1,8] [--without-isolation]
#   --quick  the same matrix with fewer, shorter iterations (for a first look; the full run is the reference)
# The JMH log also goes to benchmarks/results/models-<timestamp>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Vector API build needs JDK 25 or later: JAVA_HOME if it is one, else an installed JDK 25.
java_feature_version() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
JAVA=""
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (( $(java_feature_version "$JAVA_HOME/bin/java") >= 25 )); then
  JAVA="$JAVA_HOME/bin/java"
else
  for candidate in /usr/lib/jvm/*25*/bin/java; do
    if [[ -x "$candidate" ]] && (( $(java_feature_version "$candidate") >= 25 )); then
      JAVA="$candidate"
      break
    fi
  done
fi
if [[ -z "$JAVA" ]]; then
  echo "run.sh: no JDK 25 found (JAVA_HOME=${JAVA_HOME:-unset}, nothing under /usr/lib/jvm/*25*)" >&2
  exit 1
fi

./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
CLASSPATH="benchmarks/target/classes:$(cat benchmarks/target/benchmark-classpath.txt)"
mkdir -p benchmarks/results
LOG="benchmarks/results/models-$(date +%Y%m%d-%H%M%S).log"
echo "Using $JAVA; log: $LOG"
"$JAVA" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$CLASSPATH" io.lcnnserve.benchmarks.ModelBenchmarkMatrix \
  --model-store models --output benchmarks/results --readme README.md "$@" 2>&1 | tee "$LOG"
