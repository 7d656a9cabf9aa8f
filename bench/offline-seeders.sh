#!/usr/bin/env bash
# Publisher offline, many apps (issue 11): time for a new subscriber's `client sync` of an N-app catalog
# while the publisher is stopped and 5, then 1, subscribers' services (`client service start`) seed it.
# Everything through the CLI on a 3-node loopback test network (127.0.0.1 only). The N packages are
# copies of one `package build` output with their manifest's id and name changed (python3 zipfile), each
# signed with gpg --detach-sign by the certified developer (caravan keys are OpenPGP keys), then admitted
# by one `store add` -- as a publisher scripting a big import would.
# Usage: bench/offline-seeders.sh [APPS (default 2000)] [ROUNDS (default 2)] [CARAVAN] [WORKDIR]
set -u
N=${1:-2000}; ROUNDS=${2:-2}
C=${3:-$(cd "$(dirname "$0")/.." && pwd)/caravan}
D=${4:-$(mktemp -d /tmp/caravan-seeders.XXXX)}
mkdir -p "$D"; cd "$D"
pids=(); homes=()
stop_all() { for h in "${homes[@]}"; do "$C" client --home "$h" service stop >/dev/null 2>&1; done; kill "${pids[@]}" 2>/dev/null; }
trap stop_all EXIT
now() { date +%s.%N; }
secs() { echo "$(now) - $1" | bc; }

"$C" -V >/dev/null    # builds first if needed, outside the timings
"$C" testnet --nodes 3 > nodes.txt 2>/dev/null & pids+=($!)
for i in $(seq 400); do [ "$(wc -l < nodes.txt)" -ge 3 ] && break; sleep 0.3; done
BOOT=$(head -2 nodes.txt | paste -sd, -)
"$C" key generate --uid "Root <root@example.org>" --out root.key --no-passphrase >/dev/null
"$C" key generate --uid "Alice <alice@example.org>" --out alice.key --no-passphrase >/dev/null
"$C" key export alice.key > alice.asc
"$C" store init --dir STORE --name "Big Offline Store" --root-key root.key > magnet.txt
"$C" store certify --dir STORE --cert alice.asc --level developer --scope global >/dev/null
MAGNET=$(grep -m1 '^magnet:' magnet.txt)
mkdir -p src cars; printf '#!/bin/sh\necho hello\n' > src/run.sh
"$C" package build --id org.example.app0 --version 1.0.0 --from src --out template.car --name "App 0" \
    --summary "a generated app" --category utilities --launch run.sh >/dev/null
t0=$(now)
python3 - "$N" <<'PY'
import json, sys, zipfile
n = int(sys.argv[1])
src = zipfile.ZipFile("template.car")
entries = [(i, src.read(i.filename)) for i in src.infolist()]
for k in range(n):
    with zipfile.ZipFile(f"cars/org.example.app{k}-1.0.0.car", "w") as out:
        for info, data in entries:
            if info.filename == "caravan-manifest.json":
                m = json.loads(data); m["id"] = f"org.example.app{k}"; m["name"] = f"App {k}"
                m["summary"] = f"generated app number {k}"; data = json.dumps(m).encode()
            z = zipfile.ZipInfo(info.filename, info.date_time); z.external_attr = info.external_attr
            z.compress_type = zipfile.ZIP_STORED
            out.writestr(z, data)
PY
export GNUPGHOME=$(mktemp -d /tmp/caravan-seeders-gpg.XXXX); chmod 700 "$GNUPGHOME"
gpg --batch -q --import alice.key 2>/dev/null
ls cars/*.car | xargs -P 2 -I{} gpg --batch -q --yes --armor --detach-sign -u alice@example.org -o {}.asc {}
printf '%d packages built and signed: %.0f s\n' "$N" "$(secs "$t0")"
t0=$(now); "$C" store add --dir STORE cars/*.car >/dev/null || { echo "store add failed"; exit 1; }
"$C" store publish --dir STORE >/dev/null
printf 'store add + publish of %d apps: %.0f s (catalog generations: %s bytes)\n' "$N" "$(secs "$t0")" \
    "$(du -sb STORE | cut -f1)"
"$C" store serve --dir STORE --bootstrap "$BOOT" > serve.out 2>&1 & serve=$!; pids+=($serve)
# the first put can take a while on a loaded machine: wait until the generation is out
for i in $(seq 120); do grep -q "published generation" serve.out && break; sleep 1; done
for i in 1 2 3 4 5; do
  h=S$i; homes+=($h)
  "$C" client --home $h subscribe "$MAGNET" --bootstrap "$BOOT" >/dev/null
  "$C" client --home $h sync >/dev/null || echo "seeder $h: first sync failed"
  "$C" client --home $h service start >/dev/null || echo "seeder $h: service did not start"
done
sleep 8
kill $serve; echo "publisher stopped"; sleep 3
measure() {  # $1 = seeders online
  for r in $(seq "$ROUNDS"); do
    local h=N$1-$r
    "$C" client --home $h subscribe "$MAGNET" --bootstrap "$BOOT" >/dev/null
    local t=$(now); "$C" client --home $h sync > $h.out 2>&1; local rc=$?
    local s=$(secs "$t"); echo "$s" >> times-$1.txt
    printf 'new subscriber, %d seeder(s), round %d: sync %.1f s, exit %d, %s apps listed (load %s)\n' "$1" "$r" "$s" \
        $rc "$("$C" client --home $h search app --limit 10000 2>/dev/null | grep -c org.example.app)" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
}
measure 5
for i in 2 3 4 5; do "$C" client --home S$i service stop >/dev/null; done; sleep 2
measure 1
m5=$(sort -n times-5.txt | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
m1=$(sort -n times-1.txt | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'median sync, %d apps: 1 seeder %.1f s, 5 seeders %.1f s, ratio 5/1 = %.2f\n' "$N" "$m1" "$m5" "$(echo "$m5 / $m1" | bc -l)"
