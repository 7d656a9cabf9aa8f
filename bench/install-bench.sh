#!/usr/bin/env bash
# Issue 5's package benchmarks: verification, download (1 and 4 seeders) and the whole install of a
# 1 GiB package on a loopback test network, each next to a baseline measured in the same run
# (openssl dgst / sha256sum, a socat loopback TCP copy, cp), and the client's peak RSS.
# Loopback only: every libtorrent session and socat listens on 127.0.0.1.
#
# Usage: bench/install-bench.sh [SIZE_MIB (default 1024)] [RUNS (default 3)]
# Env:   BENCH_TMP (parent of the temp dir, default /tmp), CARAVAN_TARGET (build dir, default target-bench5),
#        BENCH_PARTS (comma-separated subset of verify,download,install; default all),
#        BENCH_JAVA_OPTS (extra JVM options, e.g. -Dorg.slf4j.simpleLogger.log.org.caravan.core.net=debug)
set -euo pipefail

SIZE_MIB="${1:-1024}"
RUNS="${2:-3}"
TARGET="${CARAVAN_TARGET:-target-bench5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

# Tools the baselines need; socat is not on the base image.
missing=()
for tool in socat openssl sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  pkgs=()
  for t in "${missing[@]}"; do
    case "$t" in socat) pkgs+=(socat) ;; openssl) pkgs+=(openssl) ;; sha256sum) pkgs+=(coreutils) ;; esac
  done
  echo "installing ${pkgs[*]} for the baselines" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y "${pkgs[@]}" >/dev/null 2>&1 \
    || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y "${pkgs[@]}" >/dev/null; }
fi

# Build keyring and store-core (with their test classes) into their own folder, offline, and get the
# test classpath with the reactor's jars (not whatever sits in ~/.m2).
CPFILE="$(mktemp)"
WORK="$(mktemp -d "${BENCH_TMP:-/tmp}/caravan-install-bench.XXXXXX")"
cleanup() { rm -rf "$WORK" "$CPFILE"; }
trap cleanup EXIT

echo "building keyring, store-core into $TARGET ..." >&2
(cd "$ROOT" && mvn -B -o -q -pl keyring,store-core -Dcaravan.target="$TARGET" \
  package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$CPFILE" -Dmdep.includeScope=test)
CP="$ROOT/store-core/$TARGET/test-classes:$ROOT/store-core/$TARGET/classes:$(cat "$CPFILE")"

echo "writing ${SIZE_MIB} MiB of random bytes into $WORK ..." >&2
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/payload.bin"

# shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
java -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${BENCH_JAVA_OPTS:-} \
  org.caravan.core.bench.InstallBench --work "$WORK/run" --payload "$WORK/payload.bin" --runs "$RUNS" \
  --parts "${BENCH_PARTS:-verify,download,install}"
