#!/usr/bin/env bash
# Issue 4's catalog benchmarks: build + sign a generation, import it into a client's H2 (a real sync),
# search latency, delta size for a one-app change, publish-to-synced latency and the publisher's upload
# with 1, 5 and 20 subscribers -- each next to a baseline measured in the same run (H2 raw batch insert,
# H2 LIKE '%word%', a single subscriber). Loopback only: every libtorrent session listens on 127.0.0.1.
#
# Usage: bench/catalog-bench.sh [SIZES (default 1000,10000,100000)] [SWARM_SIZES (default 1000,10000)]
#                               [SUBSCRIBERS (default 1,5,20)]
# Env:   BENCH_TMP (parent of the temp dir, default /tmp), CARAVAN_TARGET (build dir, default target-bench4),
#        BENCH_HEAP (JVM heap, default 6g), GENERATION_UPLOAD_LIMIT (publisher's cap per full generation in
#        bytes/s, default StoreServer's; 0 = none), SUPER_SEED (non-empty: the publisher super-seeds full
#        generations, BEP 16), BENCH_JAVA_OPTS (extra JVM options, e.g. a JFR recording:
#        "-XX:StartFlightRecording=filename=/tmp/bench.jfr,settings=profile")
set -euo pipefail

SIZES="${1-1000,10000,100000}"
SWARM_SIZES="${2-1000,10000}"
SUBSCRIBERS="${3:-1,5,20}"
TARGET="${CARAVAN_TARGET:-target-bench4}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

command -v mvn >/dev/null 2>&1 || {
  echo "installing maven" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y maven >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y maven >/dev/null; }
}

CPFILE="$(mktemp)"
WORK="$(mktemp -d "${BENCH_TMP:-/tmp}/caravan-catalog-bench.XXXXXX")"
cleanup() { rm -rf "$WORK" "$CPFILE"; }
trap cleanup EXIT

# keyring and store-core with their test classes, into their own folder, with the reactor's jars on the
# class path (not whatever sits in ~/.m2). Offline when the repository already has everything.
OFFLINE="-o"; [ -d "$HOME/.m2/repository/org/libtorrent4j" ] || OFFLINE=""
echo "building keyring, store-core into $TARGET ..." >&2
(cd "$ROOT" && mvn -B $OFFLINE -q -pl keyring,store-core -Dcaravan.target="$TARGET" \
  package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$CPFILE" -Dmdep.includeScope=test)
CP="$ROOT/store-core/$TARGET/test-classes:$ROOT/store-core/$TARGET/classes:$(cat "$CPFILE")"

# shellcheck disable=SC2086
java -Xmx"${BENCH_HEAP:-6g}" ${BENCH_JAVA_OPTS:-} -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  org.caravan.core.bench.catalog.CatalogBench --work "$WORK" \
  --sizes "$SIZES" --swarm-sizes "$SWARM_SIZES" --subscribers "$SUBSCRIBERS" \
  ${GENERATION_UPLOAD_LIMIT:+--generation-upload-limit "$GENERATION_UPLOAD_LIMIT"} \
  ${SUPER_SEED:+--super-seed}
