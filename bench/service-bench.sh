#!/usr/bin/env bash
# Issue 11/12 start-up cost: the CPU time of whole `caravan` processes, next to `dpkg -l` measured in the same run:
#   caravan --version; caravan client list with N installed apps answered by a running service; the same list
#   run embedded (no service); each with and without an AppCDS archive. Then the service's idle CPU and
#   resident memory. Loopback only: the store, the test network and the client listen on 127.0.0.1.
#
# Usage: bench/service-bench.sh [APPS (default 1000)] [RUNS (default 5)] [IDLE_SECONDS (default 60)]
# Env:   BENCH_TMP (parent of the temp dir, default /tmp), KEEP (non-empty: keep the work dir),
#        BENCH_WORK (a work dir kept by an earlier run: its home is measured again, not made again)
set -euo pipefail
APPS="${1:-1000}"
RUNS="${2:-5}"
IDLE="${3:-60}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
C="$ROOT/caravan"
WORK="${BENCH_WORK:-$(mktemp -d "${BENCH_TMP:-/tmp}/caravan-service-bench.XXXXXX")}"
CPFILE="$(mktemp)"
cleanup() {
  "$C" client --home "$WORK/home" service stop >/dev/null 2>&1 || true
  [ -n "${KEEP:-}${BENCH_WORK:-}" ] || rm -rf "$WORK"
  rm -f "$CPFILE"
}
trap cleanup EXIT

"$C" -V >/dev/null   # builds first if needed, outside the timings
if [ ! -f "$WORK/home.ready" ]; then
  echo "making a home with $APPS installed apps in $WORK (one process; minutes) ..." >&2
  (cd "$ROOT" && mvn -B -q -o -pl catalog-tools -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CPFILE" -Dmdep.includeScope=test >/dev/null)
  java -cp "$ROOT/catalog-tools/target/test-classes:$ROOT/catalog-tools/target/classes:$(cat "$CPFILE")" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn org.caravan.tools.ServedListBench --work "$WORK" --apps "$APPS" >&2
  touch "$WORK/home.ready"
fi
"$C" -V >/dev/null   # rebuilds now if a source changed, outside the timings
H="$WORK/home"
# CPU seconds (user+sys) of one whole process, its output thrown away.
cpu() { /usr/bin/time -f "%U %S" -o "$WORK/t" "$@" >"$WORK/out" 2>/dev/null || true; awk '{printf "%.3f", $1+$2}' "$WORK/t"; }
# The median of RUNS runs of a command.
median() {
  local xs=()
  for _ in $(seq "$RUNS"); do xs+=("$(cpu "$@")"); done
  printf '%s\n' "${xs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
row() { printf '| %-58s | %8s s |\n' "$1" "$2"; }

# dpkg -l is too quick for one run's 10 ms resolution: the mean of 20 runs in one shell.
dpkg_cpu=$(/usr/bin/time -f "%U %S" -o "$WORK/t" bash -c 'for i in $(seq 20); do dpkg -l >/dev/null; done' >/dev/null 2>&1;
  awk '{printf "%.3f", ($1+$2)/20}' "$WORK/t")

echo
echo "| process (median of $RUNS, CPU = user + sys; AppCDS = the launcher's archive) | CPU |"
echo "|---|---|"
row "dpkg -l ($(dpkg -l | wc -l) lines; mean of 20)" "$dpkg_cpu"
row "caravan --version, no AppCDS" "$(CARAVAN_NO_CDS=1 median "$C" --version)"
row "caravan --version" "$(median "$C" --version)"
row "caravan client list, $APPS apps, embedded (no service), no AppCDS" "$(CARAVAN_NO_CDS=1 median "$C" client --home "$H" list)"
row "caravan client list, $APPS apps, embedded (no service)" "$(median "$C" client --home "$H" list)"
lines=$(wc -l < "$WORK/out")
installed=$(grep -c ' installed=' "$WORK/out" || true)
"$C" client --home "$H" service start >/dev/null
row "caravan client list, $APPS apps, answered by the service, no AppCDS" "$(CARAVAN_NO_CDS=1 median "$C" client --home "$H" list)"
row "caravan client list, $APPS apps, answered by the service" "$(median "$C" client --home "$H" list)"
[ "$(wc -l < "$WORK/out")" = "$lines" ] || echo "WARNING: the service listed $(wc -l < "$WORK/out") lines, embedded $lines" >&2
row "caravan client status --json, answered by the service" "$(median "$C" client --home "$H" status --json)"
PID=$("$C" client --home "$H" service status | sed -n 's/.*pid \([0-9]*\),.*/\1/p')
s0=$(awk '{print $14+$15}' "/proc/$PID/stat")
for _ in $(seq 10); do "$C" client --home "$H" list >/dev/null; done
s1=$(awk '{print $14+$15}' "/proc/$PID/stat")
echo
echo "the service's own CPU per forwarded client list ($APPS apps listed, $installed installed; mean of 10): $(echo "scale=3; ($s1-$s0)/$(getconf CLK_TCK)/10" | bc) s"

# The service at rest: CPU over IDLE seconds after it settled, and its resident memory.
sleep 20
tick=$(getconf CLK_TCK)
t0=$(awk '{print $14+$15}' "/proc/$PID/stat")
sleep "$IDLE"
t1=$(awk '{print $14+$15}' "/proc/$PID/stat")
rss=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
echo
echo "service idle ($APPS apps listed, $installed installed and seeded): $(echo "scale=3; ($t1-$t0)/$tick" | bc) s CPU in $IDLE s," \
  "resident memory $((rss / 1024)) MiB"
