#!/usr/bin/env bash
# Issue 13: a user's launch of the window, as typed: `caravan gui --home HOME` (the launcher's JVM, then the window's),
# timed from the command to the window's own line saying its first cards are listed (CARAVAN_TRACE_STARTUP=exit: it
# then closes). Under Xvfb; the first run after a build records the window's class archive (shown apart).
#
# Usage: bench/gui-launch.sh HOME [RUNS (default 4)]     e.g. HOME=/tmp/w/home after bench/window-bench.sh with BENCH_WORK=/tmp/w
set -euo pipefail
HOME_DIR="${1:?usage: bench/gui-launch.sh HOME [RUNS]}"
RUNS="${2:-4}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
command -v xvfb-run >/dev/null || { echo "xvfb-run is missing: apt-get install xvfb" >&2; exit 2; }
"$ROOT/caravan" --version >/dev/null   # builds once, outside the timing
export ROOT HOME_DIR
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  for run in $(seq 0 '"$RUNS"'); do
    kind=$([ "$run" = 0 ] && echo "first, may record the class archive" || echo warm)
    t0=$(date +%s%N)
    # Each line is stamped as it comes: the process goes on after its first cards (it closes its client).
    CARAVAN_TRACE_STARTUP=exit "$ROOT/caravan" gui --home "$HOME_DIR" 2>&1 | while IFS= read -r line; do
      case "$line" in *"window shown with"*)
        echo "run $run ($kind): first cards $(( ($(date +%s%N) - t0) / 1000000 )) ms after the command; ${line#caravan-client: }";;
      esac
    done
  done'
