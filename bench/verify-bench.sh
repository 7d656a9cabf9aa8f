#!/usr/bin/env bash
# Issue 12: `caravan package verify` of a big package next to `gpgv` on the same file and signature, measured
# side by side in the same run. A throw-away GnuPG home makes an Ed25519 key; gpg signs a SIZE_MIB package built
# by `caravan package build`; then, RUNS times each, whole processes as a user starts them (the ./caravan
# launcher, bash and AppCDS included), CPU = user + sys from /usr/bin/time, median of RUNS:
#   gpgv --keyring KEY.gpg FILE.car.asc FILE.car          (the baseline)
#   caravan package verify --cert KEY.asc FILE.car        (the same job: did this key sign these bytes)
#   caravan package verify --dir STORE FILE.car           (the same, plus the store's trust decision)
# and the ratio of each to gpgv. Nothing here touches the network.
#
# Usage: bench/verify-bench.sh [SIZE_MIB (default 100)] [RUNS (default 5)]
# Env:   BENCH_TMP (parent of the temp dir, default /tmp), KEEP (non-empty: keep the work dir)
set -euo pipefail
SIZE_MIB="${1:-100}"
RUNS="${2:-5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
C="$ROOT/caravan"
WORK="$(mktemp -d "${BENCH_TMP:-/tmp}/caravan-verify-bench.XXXXXX")"
export GNUPGHOME="$WORK/gnupg"
cleanup() {
  gpgconf --homedir "$GNUPGHOME" --kill gpg-agent >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
for tool in gpg gpgv /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "verify-bench: $tool is needed" >&2; exit 1; }
done

"$C" -V >/dev/null   # builds first if needed, outside the timings

mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --pinentry-mode loopback --passphrase '' --quick-gen-key "Bench <bench@example.org>" ed25519 sign never 2>/dev/null
fpr=$(gpg --batch --with-colons --list-keys bench@example.org | awk -F: '/^fpr/ {print $10; exit}')
gpg --batch --armor --export "$fpr" > "$WORK/bench.asc"
gpg --batch --export "$fpr" > "$WORK/bench.gpg"          # gpgv's keyring: the binary public key

mkdir "$WORK/app"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/app/payload.bin"
printf '#!/bin/sh\necho big\n' > "$WORK/app/run.sh" && chmod +x "$WORK/app/run.sh"
"$C" package build --id org.example.big --version 1.0.0 --from "$WORK/app" --out "$WORK/big.car" --launch run.sh >/dev/null
rm -rf "$WORK/app"
gpg --batch --quiet --pinentry-mode loopback --passphrase '' --armor --detach-sign -o "$WORK/big.car.asc" "$WORK/big.car"

# A store that trusts the key for every app, for the run with a trust decision.
"$C" key generate --uid "Bench Root <root@example.org>" --out "$WORK/root.key" --no-passphrase >/dev/null
"$C" store init --dir "$WORK/store" --name "Bench Store" --root-key "$WORK/root.key" >/dev/null
"$C" store certify --dir "$WORK/store" --cert "$WORK/bench.asc" --level developer --scope global >/dev/null

# Each must succeed before it is timed.
gpgv --keyring "$WORK/bench.gpg" "$WORK/big.car.asc" "$WORK/big.car" 2>/dev/null
"$C" package verify --cert "$WORK/bench.asc" "$WORK/big.car" >/dev/null
"$C" package verify --dir "$WORK/store" "$WORK/big.car" >/dev/null

# CPU seconds (user+sys) of one whole process, children included, its output thrown away.
cpu() { /usr/bin/time -f "%U %S" -o "$WORK/t" "$@" >/dev/null 2>&1; awk '{printf "%.3f", $1+$2}' "$WORK/t"; }
median() {
  local xs=()
  for _ in $(seq "$RUNS"); do xs+=("$(cpu "$@")"); done
  printf '%s\n' "${xs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
# Interleaved rounds, so that a burst of load from other work on the machine hits all three alike.
g=(); c=(); d=()
for _ in $(seq "$RUNS"); do
  g+=("$(cpu gpgv --keyring "$WORK/bench.gpg" "$WORK/big.car.asc" "$WORK/big.car")")
  c+=("$(cpu "$C" package verify --cert "$WORK/bench.asc" "$WORK/big.car")")
  d+=("$(cpu "$C" package verify --dir "$WORK/store" "$WORK/big.car")")
done
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
gm=$(med "${g[@]}"); cm=$(med "${c[@]}"); dm=$(med "${d[@]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
size=$(stat -c %s "$WORK/big.car")
echo
echo "package: $size bytes (${SIZE_MIB} MiB payload), signed by gpg (Ed25519); CPU = user + sys, median of $RUNS; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| process | CPU | x gpgv |"
echo "|---|---|---|"
printf '| %-52s | %6s s | %5s |\n' "gpgv --keyring KEY.gpg FILE.asc FILE" "$gm" "1.00"
printf '| %-52s | %6s s | %5s |\n' "caravan package verify --cert KEY.asc FILE" "$cm" "$(ratio "$cm" "$gm")"
printf '| %-52s | %6s s | %5s |\n' "caravan package verify --dir STORE FILE" "$dm" "$(ratio "$dm" "$gm")"
echo
echo "runs: gpgv ${g[*]}; --cert ${c[*]}; --dir ${d[*]}"
