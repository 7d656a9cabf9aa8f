#!/usr/bin/env bash
# Publisher offline (issue 11): a store on a 3-node loopback test network, one app; two users subscribe,
# install and run `client sync --watch`; the publisher stops; a third user subscribes, syncs and installs
# from the watchers; then the watchers stop and a fourth user's sync says that nobody holds the catalog.
# Prints each step's wall time. Usage: bench/publisher-offline.sh [CARAVAN] [WORKDIR]
set -u
C=${1:-$(cd "$(dirname "$0")/.." && pwd)/caravan}
D=${2:-$(mktemp -d /tmp/caravan-offline.XXXX)}
mkdir -p "$D"; cd "$D"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
timed() { local t0=$(date +%s.%N); "$@"; local rc=$?; printf '  [%s: %.1f s, exit %d]\n' "$*" "$(echo "$(date +%s.%N) - $t0" | bc)" $rc; }

"$C" -V >/dev/null    # builds first if needed, outside the timings
"$C" testnet --nodes 3 > nodes.txt 2>/dev/null & pids+=($!)
for i in $(seq 100); do [ "$(wc -l < nodes.txt)" -ge 3 ] && break; sleep 0.3; done
BOOT=$(head -2 nodes.txt | paste -sd, -)
"$C" key generate --uid "Root <root@example.org>" --out root.key --no-passphrase >/dev/null
"$C" key generate --uid "Alice <alice@example.org>" --out alice.key --no-passphrase >/dev/null
"$C" key export alice.key > alice.asc
"$C" store init --dir STORE --name "Offline Store" --root-key root.key > magnet.txt
"$C" store certify --dir STORE --cert alice.asc --level developer --scope global >/dev/null
mkdir -p src; printf '#!/bin/sh\necho hello\n' > src/run.sh
"$C" package build --id org.example.hello --version 1.0.0 --from src --out hello.car --name Hello \
    --summary hello --category utilities --launch run.sh >/dev/null
"$C" package sign --key alice.key hello.car >/dev/null
"$C" store add --dir STORE hello.car >/dev/null
MAGNET=$(grep -m1 '^magnet:' magnet.txt)
"$C" store serve --dir STORE --bootstrap "$BOOT" > serve.out 2>&1 & serve=$!; pids+=($serve)
sleep 5
for h in U1 U2; do
  "$C" client --home $h subscribe "$MAGNET" --bootstrap "$BOOT" >/dev/null
  "$C" client --home $h sync && "$C" client --home $h install org.example.hello >/dev/null
  "$C" client --home $h sync --watch --interval 10 > $h.watch 2>&1 & pids+=($!); eval "watch_$h=$!"
done
sleep 8
kill $serve; echo "publisher stopped"; sleep 3
"$C" client --home U3 subscribe "$MAGNET" --bootstrap "$BOOT" >/dev/null
echo "third user, publisher offline, two watchers online:"
timed "$C" client --home U3 sync
timed "$C" client --home U3 install org.example.hello
kill $watch_U1 $watch_U2; sleep 2
"$C" client --home U4 subscribe "$MAGNET" --bootstrap "$BOOT" >/dev/null
echo "fourth user, nobody online:"
timed "$C" client --home U4 sync
