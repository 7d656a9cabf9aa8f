#!/usr/bin/env bash
# Issue 15's client fault trials, counted: kill -9 of a client (a child JVM) at random moments of a catalog
# import, an install, an update, a rollback and a removal (TRIALS each), and the instant after it reported a
# sync, a subscription, a setting or a trust override done (DURABILITY syncs). After every kill the test
# reopens the home and checks: the database opens, the state is exactly the old or the new one, staging is
# empty, and the operation tried again succeeds. Loopback only: packages come from an HTTP mirror on 127.0.0.1.
#
# Usage: bench/fault-trials.sh [TRIALS (default 50)] [DURABILITY (default 100)] [SEED (default: time)]
# Env:   CARAVAN_TARGET (build dir, default target-faults, so a run does not disturb target/)
# The counts are printed at the end (a line "crash trials (seed ...): import N (old A, new B) ...") and are
# recorded in docs/security-model.md, "Fault trials".
set -euo pipefail

TRIALS="${1:-50}"
DURABILITY="${2:-100}"
SEED="${3:-$(date +%s%N)}"
TARGET="${CARAVAN_TARGET:-target-faults}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

cd "$ROOT"
start=$(date +%s)
if ! mvn -B -o -pl store-core -am verify -Dcaravan.target="$TARGET" -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test='InstallCrashIT,DurableCommitIT' -Dfailsafe.failIfNoSpecifiedTests=false \
    -Dcaravan.trials.crash="$TRIALS" -Dcaravan.trials.durability="$DURABILITY" -Dcaravan.trials.seed="$SEED" \
    >"$LOG" 2>&1; then
  grep -E "Tests run|FAIL|expected|crash trials" "$LOG" | head -40
  echo "fault trials FAILED (seed $SEED); full log kept in $LOG.kept" >&2
  cp "$LOG" "$LOG.kept"
  exit 1
fi
grep -h "crash trials" "$LOG" || true
grep -E "Tests run:.*in org.caravan.core.client.(InstallCrashIT|DurableCommitIT)" "$LOG"
echo "kills: $((5 * TRIALS + 5 + 4)) crash trials (5 operations x $TRIALS, 5 calibration runs killed after they finished, 4 at" \
  "named steps), $DURABILITY + 5 kills after a report; $(( $(date +%s) - start )) s; nothing lost"
