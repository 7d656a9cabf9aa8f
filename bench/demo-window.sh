#!/usr/bin/env bash
# Issue 13: the `caravan demo` window must appear within 3 s of the story's end, with content.
# Runs the demo under Xvfb (loopback only, as every demo), timestamps each line it prints, and the window says when
# its first cards are listed (CARAVAN_TRACE_STARTUP=exit: it then closes itself). Prints the gap.
#
# Usage: bench/demo-window.sh [RUNS (default 3)]     needs xvfb-run (apt-get install xvfb)
set -euo pipefail
RUNS="${1:-3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${BENCH_TMP:-/tmp}/caravan-demo-window.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
command -v xvfb-run >/dev/null || { echo "xvfb-run is missing: apt-get install xvfb" >&2; exit 2; }
"$ROOT/caravan" --version >/dev/null   # builds once, outside the timing
for run in $(seq 1 "$RUNS"); do
  log="$WORK/run$run.log"
  CARAVAN_TRACE_STARTUP=exit xvfb-run -a "$ROOT/caravan" demo --dir "$WORK/demo$run" 2>&1 \
    | while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done > "$log"
  shown=$(grep -m1 'window shown with' "$log" || true)
  if [ -z "$shown" ]; then
    echo "run $run: the window never listed an app" >&2; tail -5 "$log" >&2; exit 1
  fi
  # The story's end: its last line, which says the window opens now.
  story_end=$(grep -m1 'opening the client window on' "$log" | cut -d' ' -f1)
  at=$(echo "$shown" | cut -d' ' -f1)
  gap=$(echo "$at - $story_end" | bc)
  grep 'caravan-client:' "$log" | sed 's/^[0-9.]* /  /'
  # The whole run too: the window's process now starts with the story and shares the machine with it.
  first=$(head -1 "$log" | cut -d' ' -f1)
  story=$(echo "$story_end - $first" | bc)
  echo "run $run: window with content $(printf '%.2f' "$gap") s after the story's last line, the story $(printf '%.1f' "$story") s from the demo's first line (${shown#* })"
done
