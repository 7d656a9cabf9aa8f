#!/usr/bin/env bash
# Issue 12 start-up cost of one-shot commands (no service): the CPU time (user + sys) of whole `caravan` JVMs,
# as ./caravan starts them, against the start-up of before 2026-12-03 measured in the same run:
#   baseline   every command group's picocli model built (CARAVAN_WHOLE_TREE=1), Bouncy Castle's signed jars
#              from the Maven repository, no class-data archive;
#   +unsigned  the same with target/lib's unsigned Bouncy Castle copies (no jar verification);
#   +one group only the named command group built (today's Main);
#   +AppCDS    today's ./caravan but for its COMPAT locale data: the archive recorded from CdsTraining.
# No network: the commands read a store folder and key files made here.
#
# Usage: bench/startup-bench.sh [RUNS (default 5)]      Env: BENCH_TMP (parent of the work dir, default /tmp)
set -euo pipefail
RUNS="${1:-5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/caravan" -V >/dev/null                     # builds and records the archive, outside the timings
T="$ROOT/catalog-tools/target"
WORK="$(mktemp -d "${BENCH_TMP:-/tmp}/caravan-startup-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
BC="$(grep -o 'bouncycastle.version>[^<]*' "$ROOT/pom.xml" | head -1 | cut -d'>' -f2)"
mkdir "$WORK/signed"
for j in "$T"/lib/*.jar; do
  name="$(basename "$j")"
  case "$name" in
    bc*-jdk18on-*) a="${name%-"$BC".jar}"
      cp "$HOME/.m2/repository/org/bouncycastle/$a/$BC/$name" "$WORK/signed/" ;;
    *) ln -s "$j" "$WORK/signed/$name" ;;
  esac
done
unsigned_cp="$T/catalog-tools.jar:$T/lib/*"
signed_cp="$T/catalog-tools.jar:$WORK/signed/*"
cds=(-XX:SharedArchiveFile="$T/caravan.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)

cd "$WORK"
c() { java -cp "$unsigned_cp" org.caravan.tools.Launch "$@"; }
c key generate --uid "Root <root@example.org>" --out root.key --no-passphrase >/dev/null 2>&1
c key generate --uid "Dev <dev@example.org>" --out dev.key --no-passphrase >/dev/null 2>&1
c store init --dir store --name Bench --root-key root.key >/dev/null 2>&1
c key export dev.key > dev.asc
c store certify --dir store --cert dev.asc >/dev/null 2>&1
mkdir app && printf '#!/bin/sh\necho hi\n' > app/run.sh
c package build --id org.example.bench --version 1.0.0 --from app --out b.car --launch run.sh >/dev/null 2>&1
c package sign --key dev.key b.car >/dev/null 2>&1

cpu() { /usr/bin/time -f "%U %S" -o "$WORK/t" "$@" >/dev/null 2>&1 || true; awk '{printf "%.2f", $1+$2}' "$WORK/t"; }
median() {
  local xs=()
  for _ in $(seq "$RUNS"); do xs+=("$(cpu "$@")"); done
  printf '%s\n' "${xs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
variant() { # NAME -> the java command line before the main class
  case "$1" in
    baseline)  echo "env CARAVAN_WHOLE_TREE=1 java -cp $signed_cp" ;;
    unsigned)  echo "env CARAVAN_WHOLE_TREE=1 java -cp $unsigned_cp" ;;
    onegroup)  echo "java -cp $unsigned_cp" ;;
    appcds)    echo "java ${cds[*]} -cp $unsigned_cp" ;;
  esac
}
echo
echo "| command (median of $RUNS, CPU s) | baseline | +unsigned | +one group | +AppCDS (today) | today / baseline |"
echo "|---|---|---|---|---|---|"
for cmd in "key export dev.key" "key show dev.asc" "store status --dir store" "store keys --dir store" \
           "package verify --dir store b.car" "package inspect b.car"; do
  row=()
  for v in baseline unsigned onegroup appcds; do
    # shellcheck disable=SC2046
    row+=("$(median $(variant "$v") org.caravan.tools.Launch $cmd)")
  done
  ratio=$(awk -v a="${row[3]}" -v b="${row[0]}" 'BEGIN {printf "%.2f", a/b}')
  echo "| caravan $cmd | ${row[0]} | ${row[1]} | ${row[2]} | ${row[3]} | $ratio |"
done
echo
echo "(2 cores; load average $(cut -d' ' -f1 /proc/loadavg) at the end)"
