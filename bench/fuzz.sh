#!/usr/bin/env bash
# Coverage-guided fuzzing (docs/security-model.md, "Fuzzing"): runs one Jazzer @FuzzTest, or all of them one
# after another, in fuzzing mode for SECONDS each. `mvn verify` only replays the kept inputs; this searches.
# Usage: bench/fuzz.sh TARGET [SECONDS]       (default 60)
#   TARGET: Class#method (e.g. MagnetFuzzTest#magnet), a class (each of its methods in turn), or "all";
#           "list" prints the targets.
# A finding stops the run of that target and is written into the target's regression inputs,
# src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1>: rename it after what it found, fix
# the parser, and `mvn verify` replays it from then on. The generated corpus grows in
# <module>/.cifuzz-corpus/ (not committed) and makes the next run start where this one stopped.
# Everything stays in-process on this machine: no network.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?usage: bench/fuzz.sh Class#method|Class|all|list [SECONDS]}
SECONDS_EACH=${2:-60}
BUILD=target-fuzz

targets() {
    grep -rl --include='*FuzzTest.java' '@FuzzTest' keyring/src/test/java store-core/src/test/java | sort |
        while read -r f; do
            cls=$(basename "$f" .java)
            awk '/@FuzzTest/ {getline; if (match($0, /void [A-Za-z0-9_]+\(/)) print substr($0, RSTART + 5, RLENGTH - 6)}' "$f" |
                sed "s/^/$cls#/"
        done
}

module_of() {
    local f
    f=$(grep -rl --include="${1%%#*}.java" '@FuzzTest' keyring/src/test/java store-core/src/test/java | head -1)
    [ -n "$f" ] || { echo "no fuzz test class ${1%%#*} (bench/fuzz.sh list)" >&2; exit 2; }
    echo "${f%%/src/*}"
}

case "$TARGET" in
    list) targets; exit 0 ;;
    all) selected=$(targets) ;;
    *'#'*) selected=$TARGET ;;
    *) selected=$(targets | grep "^$TARGET#" || true) ;;
esac
[ -n "$selected" ] || { echo "no fuzz target '$TARGET' (bench/fuzz.sh list)" >&2; exit 2; }

status=0
for t in $selected; do
    module=$(module_of "$t")
    echo "== fuzzing $t ($module) for ${SECONDS_EACH}s"
    # Jazzer instruments the project's own classes; the OpenPGP targets also need coverage inside Bouncy
    # Castle's packet parsers, where their input is actually read.
    includes=""
    if [ "$module" = keyring ]; then
        includes="-Djazzer.instrumentation_includes=org.caravan.**:org.bouncycastle.bcpg.**:org.bouncycastle.openpgp.**"
    fi
    start=$(date +%s)
    # One JVM per target (libFuzzer's state is global). -Xmx makes a runaway allocation an
    # OutOfMemoryError, i.e. a finding, instead of a machine that swaps. An input that never returns
    # holds the run past its time: `timeout` ends it, and that counts as a finding (see the log's last input).
    if JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${SECONDS_EACH}s" \
        timeout $((SECONDS_EACH + 300)) mvn -B -o -q -pl "$module" -am -Dcaravan.target=$BUILD test \
            -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.argLine="-Xmx1g" -Djazzer.argLine="-Djazzer.hooks=true $includes" \
            >"/tmp/caravan-fuzz-${t/\#/-}.log" 2>&1; then
        echo "   no finding in $(( $(date +%s) - start ))s; log /tmp/caravan-fuzz-${t/\#/-}.log"
    else
        status=1
        echo "   FINDING (or build failure) after $(( $(date +%s) - start ))s; log /tmp/caravan-fuzz-${t/\#/-}.log"
        grep -E '^(==|Caused by|java\.|org\.)|Exception|Error' "/tmp/caravan-fuzz-${t/\#/-}.log" | head -15 || true
    fi
    grep -hE '^#[0-9]+.*(DONE|pulse)|Done [0-9]+ runs' "/tmp/caravan-fuzz-${t/\#/-}.log" | tail -1 || true
done
exit $status
