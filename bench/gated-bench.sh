#!/usr/bin/env bash
# Issue 14's benchmarks: re-keying a private store's generation for N subscribers (time, bytes added), and the
# local install work of a licensed package, and of a private store's sealed package, against the same package
# unencrypted, in the same run (prints each time and the ratios).
# No network at all (everything is in-process on files).
#
# Usage: bench/gated-bench.sh [SUBSCRIBERS (default 10000)] [SIZE_MIB (default 1024)] [RUNS (default 3)]
# Env:   BENCH_TMP (parent of the temp dir, default /tmp), CARAVAN_TARGET (build dir, default target-bench14),
#        BENCH_PARTS (rekey,licensed,private; default all three)
# E.g. the 1 GiB figure alone: BENCH_PARTS=licensed,private bench/gated-bench.sh 1 1024 3
set -euo pipefail
SUBS="${1:-10000}"
SIZE_MIB="${2:-1024}"
RUNS="${3:-3}"
TARGET="${CARAVAN_TARGET:-target-bench14}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CPFILE="$(mktemp)"
WORK="$(mktemp -d "${BENCH_TMP:-/tmp}/caravan-gated-bench.XXXXXX")"
cleanup() { rm -rf "$WORK" "$CPFILE"; }
trap cleanup EXIT
echo "building keyring, store-core into $TARGET ..." >&2
(cd "$ROOT" && mvn -B -o -q -pl keyring,store-core -Dcaravan.target="$TARGET" \
  package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$CPFILE" -Dmdep.includeScope=test)
CP="$ROOT/store-core/$TARGET/test-classes:$ROOT/store-core/$TARGET/classes:$ROOT/keyring/$TARGET/classes:$(cat "$CPFILE")"
java -Xmx512m -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn org.caravan.core.bench.GatedBench \
  --work "$WORK" --subscribers "$SUBS" --size-mib "$SIZE_MIB" --runs "$RUNS" --parts "${BENCH_PARTS:-rekey,licensed,private}"
