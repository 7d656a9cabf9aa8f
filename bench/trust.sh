#!/usr/bin/env bash
# Trust engine benchmark (docs/benchmarks.md, "Trust engine"): Caravan's engine on a web of KEYS keys with
# 3 certifications each and a catalog of RELEASES releases, then GnuPG's --check-trustdb on the same web.
# Usage: bench/trust.sh [KEYS] [RELEASES] [PACKAGE_MIB]     (defaults 10000 100000 64)
# Everything stays on this machine: no network, a throw-away GNUPGHOME.
set -euo pipefail
cd "$(dirname "$0")/.."
KEYS=${1:-10000}
RELEASES=${2:-100000}
MIB=${3:-64}
TARGET=target-bench
OUT=$(mktemp -d /tmp/caravan-trust-bench.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

mvn -B -o -q -pl keyring -Dcaravan.target=$TARGET test-compile dependency:build-classpath \
    -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP="keyring/$TARGET/test-classes:keyring/$TARGET/classes:$(cat "$OUT/cp.txt")"

echo "== Caravan trust engine"
java -Xmx2g -cp "$CP" org.caravan.keyring.bench.TrustBench "$OUT" "$KEYS" "$RELEASES" "$MIB"

echo "== GnuPG $(gpg --version | head -1 | awk '{print $3}') on the same web"
export GNUPGHOME="$OUT/gnupg"
mkdir -m 700 "$GNUPGHOME"
s=$(date +%s.%N)
gpg --batch --quiet --import "$OUT/web.asc" 2>/dev/null || true
e=$(date +%s.%N)
gpg --batch --quiet --import-ownertrust "$OUT/ownertrust.txt" 2>/dev/null
printf 'gpg --import of %d keys: %.1f s\n' "$((KEYS + 1))" "$(echo "$e - $s" | bc)"
best=999
for run in 1 2 3; do
    s=$(date +%s.%N)
    gpg --batch --yes --check-trustdb >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc)
    best=$(echo "if ($t < $best) $t else $best" | bc)
    # --check-trustdb only recomputes when the trustdb is stale; force the next run to recompute too.
    gpg --batch --quiet --import-ownertrust "$OUT/ownertrust.txt" 2>/dev/null
done
printf 'gpg --check-trustdb: %.2f s (best of 3), %.1f us per key\n' "$best" "$(echo "$best * 1000000 / ($KEYS + 1)" | bc -l)"
valid=$(gpg --batch --with-colons --list-keys 2>/dev/null | awk -F: '$1=="pub" && ($2=="f" || $2=="u" || $2=="m") {n++} END {print n+0}')
echo "gpg counts $valid keys as valid (full/marginal/ultimate)"

echo "== gpgv on the same package signature"
gpg --batch --quiet --import "$OUT/signer.asc" 2>/dev/null
s=$(date +%s.%N)
gpg --batch --quiet --verify "$OUT/package.bin.asc" "$OUT/package.bin" 2>/dev/null && ok=valid || ok=INVALID
e=$(date +%s.%N)
printf 'gpg --verify of the %d MiB package: %.0f ms (%s)\n' "$MIB" "$(echo "($e - $s) * 1000" | bc -l)" "$ok"
