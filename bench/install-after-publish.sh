#!/usr/bin/env bash
# A package installed right after its store published it (issue 11, peer hints): a 3-node loopback test network,
# `store serve` running, one subscriber that already holds generation 1; then ROUNDS times: a new app is added
# and published, the serve log says so, and the subscriber's `client sync` and `client install` of it are timed.
# The install's time is what it took the client to find a peer that holds a package announced a moment ago.
# Usage: bench/install-after-publish.sh [ROUNDS] [CARAVAN] [WORKDIR]
# CARAVAN_JAVA_OPTS=-Dorg.slf4j.simpleLogger.log.org.caravan=debug shows where a step's time goes (stderr).
set -u
ROUNDS=${1:-3}
C=${2:-$(cd "$(dirname "$0")/.." && pwd)/caravan}
D=${3:-$(mktemp -d /tmp/caravan-fresh-install.XXXX)}
mkdir -p "$D"; cd "$D"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
now() { date +%s.%N; }
secs() { echo "$(now) - $1" | bc; }

"$C" -V >/dev/null    # builds first if needed, outside the timings
"$C" testnet --nodes 3 > nodes.txt 2>/dev/null & pids+=($!)
for i in $(seq 400); do [ "$(wc -l < nodes.txt)" -ge 3 ] && break; sleep 0.3; done
BOOT=$(head -2 nodes.txt | paste -sd, -)
"$C" key generate --uid "Root <root@example.org>" --out root.key --no-passphrase >/dev/null
"$C" key generate --uid "Alice <alice@example.org>" --out alice.key --no-passphrase >/dev/null
"$C" key export alice.key > alice.asc
"$C" store init --dir STORE --name "Fresh Store" --root-key root.key > magnet.txt
"$C" store certify --dir STORE --cert alice.asc --level developer --scope global >/dev/null
build() { # build ID: a small signed package of app ID
  mkdir -p "src-$1"; printf '#!/bin/sh\necho %s\n' "$1" > "src-$1/run.sh"
  "$C" package build --id "org.example.$1" --version 1.0.0 --from "src-$1" --out "$1.car" --name "$1" \
      --summary "$1" --category utilities --launch run.sh >/dev/null
  "$C" package sign --key alice.key "$1.car" >/dev/null
}
build app0
"$C" store add --dir STORE app0.car >/dev/null
MAGNET=$(grep -m1 '^magnet:' magnet.txt)
"$C" store serve --dir STORE --bootstrap "$BOOT" > serve.out 2>&1 & pids+=($!)
for i in $(seq 120); do grep -q "published generation 1 " serve.out && break; sleep 0.5; done
"$C" client --home U subscribe "$MAGNET" --bootstrap "$BOOT" >/dev/null
"$C" client --home U sync >/dev/null || echo "first sync failed"
for r in $(seq "$ROUNDS"); do
  build "app$r"
  "$C" store add --dir STORE "app$r.car" >/dev/null
  gen=$("$C" store publish --dir STORE | cut -d' ' -f3)
  for i in $(seq 120); do grep -q "published generation $gen " serve.out && break; sleep 0.25; done
  t=$(now); "$C" client --home U sync >/dev/null; rc=$?; s=$(secs "$t")
  t=$(now); "$C" client --home U install "org.example.app$r" >/dev/null; ri=$?; i=$(secs "$t")
  printf 'round %d (generation %s): sync %.1f s (exit %d), install %.1f s (exit %d)\n' "$r" "$gen" "$s" $rc "$i" $ri
done
