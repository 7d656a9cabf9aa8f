#!/usr/bin/env bash
# Issue 13's window benchmarks: launch to an interactive catalog and search-as-you-type latency, over a
# client home holding N synthetic apps (synced first over a loopback test network; 127.0.0.1 only).
# Renders headless (Monocle), so it runs on a machine without a display.
#
# Usage: bench/window-bench.sh [N (default 100000)] [LAUNCHES (default 4)]
# Env:   BENCH_TMP (parent of the temp dir, default /tmp), CARAVAN_TARGET (build dir, default target-bench13),
#        BENCH_HEAP (JVM heap, default 4g), BENCH_JAVA_OPTS (e.g. a JFR recording), BENCH_WORK (a folder kept between runs: its home of N apps is reused)
set -euo pipefail
N="${1:-100000}"
LAUNCHES="${2:-4}"
TARGET="${CARAVAN_TARGET:-target-bench13}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CPFILE="$(mktemp)"
if [ -n "${BENCH_WORK:-}" ]; then
  # Kept between runs: the home of N apps is built once and opened again (a before/after pair on one home).
  WORK="$BENCH_WORK"; mkdir -p "$WORK"
  cleanup() { rm -f "$CPFILE"; }
else
  WORK="$(mktemp -d "${BENCH_TMP:-/tmp}/caravan-window-bench.XXXXXX")"
  cleanup() { rm -rf "$WORK" "$CPFILE"; }
fi
trap cleanup EXIT
OFFLINE="-o"; [ -d "$HOME/.m2/repository/org/openjfx" ] || OFFLINE=""
echo "building keyring, store-core, store-gui into $TARGET ..." >&2
(cd "$ROOT" && mvn -B $OFFLINE -q -pl keyring,store-core,store-gui -Dcaravan.target="$TARGET" \
  package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$CPFILE" -Dmdep.includeScope=test)
CP="$ROOT/store-gui/$TARGET/test-classes:$ROOT/store-gui/$TARGET/classes:$ROOT/store-core/$TARGET/test-classes:$ROOT/store-core/$TARGET/classes:$ROOT/keyring/$TARGET/test-classes:$ROOT/keyring/$TARGET/classes:$(cat "$CPFILE")"
# The window as a user's process (ClientMain), on the class path ./caravan gives it: store-gui.jar and its lib folder
# (Bouncy Castle's copies without signatures, which class-data sharing can archive), plus Monocle to render headless.
JARS="$ROOT/store-gui/$TARGET/store-gui.jar:$(ls "$ROOT"/store-gui/"$TARGET"/lib/*.jar | paste -sd:)"
JARS="$JARS:$(tr ':' '\n' < "$CPFILE" | grep 'openjfx-monocle' | paste -sd:)"
java -Xmx"${BENCH_HEAP:-4g}" ${BENCH_JAVA_OPTS:-} -Dbench.process.classpath="$JARS" -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Djava.awt.headless=true \
  org.caravan.gui.bench.WindowBench "$WORK" "$N" "$LAUNCHES"
