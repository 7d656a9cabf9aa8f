#!/usr/bin/env bash
# Publisher offline (issue 11): a store on a 3-node loopback test network, one app; two users subscribe, sync,
# install and start their per-user services (`client service start`), which seed what they hold; the publisher
# stops; a third user subscribes, syncs and installs from the services; then the services stop and a fourth
# user's sync says that nobody holds the catalog, and a later sync, once a service is back, resumes.
# Prints each step's wall time. Usage: bench/publisher-offline.sh [CARAVAN] [WORKDIR]
# CARAVAN_JAVA_OPTS=-Dorg.slf4j.simpleLogger.log.org.caravan=debug shows where a step's time goes (stderr).
set -u
C=${1:-$(cd "$(dirname "$0")/.." && pwd)/caravan}
D=${2:-$(mktemp -d /tmp/caravan-offline.XXXX)}
mkdir -p "$D"; cd "$D"
pids=(); homes=()
stop_all() { for h in "${homes[@]}"; do "$C" client --home "$h" service stop >/dev/null 2>&1; done; kill "${pids[@]}" 2>/dev/null; }
trap stop_all EXIT
timed() { local t0=$(date +%s.%N); "$@"; local rc=$?; printf '  [%s: %.1f s, exit %d]\n' "${*: -2}" "$(echo "$(date +%s.%N) - $t0" | bc)" $rc; }

"$C" -V >/dev/null    # builds first if needed, outside the timings
"$C" testnet --nodes 3 > nodes.txt 2>/dev/null & pids+=($!)
for i in $(seq 400); do [ "$(wc -l < nodes.txt)" -ge 3 ] && break; sleep 0.3; done
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
for i in $(seq 60); do grep -q "published generation" serve.out && break; sleep 0.5; done
for h in U1 U2; do
  homes+=($h)
  "$C" client --home $h subscribe "$MAGNET" --bootstrap "$BOOT" >/dev/null
  "$C" client --home $h sync >/dev/null && "$C" client --home $h install org.example.hello >/dev/null \
    || echo "$h: sync or install failed"
  "$C" client --home $h service start >/dev/null || echo "$h: service did not start"
done
kill $serve; wait $serve 2>/dev/null; echo "publisher stopped"; sleep 3
echo "third user, publisher offline, two services seeding:"
timed "$C" client --home U3 subscribe "$MAGNET" --bootstrap "$BOOT"
timed "$C" client --home U3 sync
timed "$C" client --home U3 install org.example.hello
for h in U1 U2; do "$C" client --home $h service stop >/dev/null; done
echo "fourth user, nobody online:"
"$C" client --home U4 subscribe "$MAGNET" --bootstrap "$BOOT" >/dev/null
timed "$C" client --home U4 sync
echo "a service is back; the fourth user syncs again:"
"$C" client --home U1 service start >/dev/null
timed "$C" client --home U4 sync
timed "$C" client --home U4 install org.example.hello
