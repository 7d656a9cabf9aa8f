#!/usr/bin/env bash
# The per-user service killed with SIGKILL at random moments, then restarted (issue 11), counted.
# A store of 4 apps (3 MiB each) served on a 3-node loopback test network (127.0.0.1 only); one home
# subscribed and synced; then TRIALS times: `client service start`, an install, remove or sync run through
# the CLI (which forwards it to the service), SIGKILL of the service at a random moment (uniform over 0 to
# MAX_DELAY s, default 6, after the command started: its JVM start takes 1-4 s on a loaded machine), then checks that
#   - `client service start` starts it again (the dead service's socket is stale and replaced),
#   - `client list` answers, `client verify` exits 0 (every installed app intact),
#   - HOME/staging is empty once the service is up again,
#   - the installed set is exactly the one before the command or the one it asked for.
# Prints one line per trial and a last line "service kill trials (seed S): N, failures F, installed set old A / new B, syncs C unchanged".
# Usage: bench/service-kill-trials.sh [TRIALS (default 30)] [SEED (default: time)] [CARAVAN] [WORKDIR]
set -u
TRIALS=${1:-30}; SEED=${2:-$(date +%s)}; RANDOM=$SEED; MAX_DELAY=${MAX_DELAY:-6}
C=${3:-$(cd "$(dirname "$0")/.." && pwd)/caravan}
D=${4:-$(mktemp -d /tmp/caravan-killtrials.XXXX)}
mkdir -p "$D"; cd "$D"
H=$D/HOME; pids=()
trap '"$C" client --home "$H" service stop >/dev/null 2>&1; kill "${pids[@]}" 2>/dev/null' EXIT

"$C" -V >/dev/null
"$C" testnet --nodes 3 > nodes.txt 2>/dev/null & pids+=($!)
for i in $(seq 100); do [ "$(wc -l < nodes.txt)" -ge 3 ] && break; sleep 0.3; done
BOOT=$(head -2 nodes.txt | paste -sd, -)
"$C" key generate --uid "Root <root@example.org>" --out root.key --no-passphrase >/dev/null
"$C" key generate --uid "Alice <alice@example.org>" --out alice.key --no-passphrase >/dev/null
"$C" key export alice.key > alice.asc
"$C" store init --dir STORE --name "Kill Store" --root-key root.key > magnet.txt
"$C" store certify --dir STORE --cert alice.asc --level developer --scope global >/dev/null
APPS="org.example.a org.example.b org.example.c org.example.d"
for id in $APPS; do
  rm -rf src; mkdir -p src; printf '#!/bin/sh\necho %s\n' "$id" > src/run.sh
  head -c 3145728 /dev/urandom > src/data.bin
  "$C" package build --id $id --version 1.0.0 --from src --out $id.car --name "${id##*.}" --summary kill \
      --category utilities --launch run.sh >/dev/null
  "$C" package sign --key alice.key $id.car >/dev/null
  "$C" store add --dir STORE $id.car >/dev/null
done
MAGNET=$(grep -m1 '^magnet:' magnet.txt)
"$C" store serve --dir STORE --bootstrap "$BOOT" > serve.out 2>&1 & pids+=($!)
# the first put can take a while on a loaded machine: wait until the generation is out
for i in $(seq 120); do grep -q "published generation" serve.out && break; sleep 1; done
"$C" client --home "$H" subscribe "$MAGNET" --bootstrap "$BOOT" >/dev/null
"$C" client --home "$H" sync >/dev/null || { echo "first sync failed"; exit 1; }

installed() { "$C" client --home "$H" list 2>/dev/null | grep -o '^[^ ]* .*installed=' | cut -d' ' -f1 | sort | paste -sd' ' -; }
fail=0; old=0; new=0; syncs=0; t_start=$(date +%s)
for t in $(seq "$TRIALS"); do
  out=$("$C" client --home "$H" service start 2>&1); rc=$?
  pid=$(echo "$out" | grep -o 'pid [0-9]*' | head -1 | cut -d' ' -f2)
  if [ $rc -ne 0 ] || [ -z "$pid" ]; then echo "trial $t: service did not start: $out"; fail=$((fail+1)); continue; fi
  before=$(installed)
  apps=($APPS); id=${apps[RANDOM % 4]}
  case $((RANDOM % 3)) in
    0|1) if echo " $before " | grep -q " $id "; then op="remove --yes $id"; else op="install $id"; fi ;;
    2) op="sync" ;;
  esac
  case $op in
    install*) want=$(printf '%s\n' $before $id | sort | paste -sd' ' -) ;;
    remove*) want=$(printf '%s\n' $before | grep -vx "$id" | sort | paste -sd' ' -) ;;
    sync) want=$before ;;
  esac
  delay=$(printf '%d.%03d' $((RANDOM % MAX_DELAY)) $((RANDOM % 1000)))
  "$C" client --home "$H" $op > cmd.out 2>&1 & cmd=$!
  sleep "$delay"; kill -9 "$pid" 2>/dev/null; killed=$?
  wait $cmd; crc=$?
  problems=""
  out=$("$C" client --home "$H" service start 2>&1) || problems+=" restart-failed($out)"
  "$C" client --home "$H" list >/dev/null 2>&1 || problems+=" list-failed"
  v=$("$C" client --home "$H" verify 2>&1) || problems+=" verify-failed($v)"
  [ -z "$(ls -A "$H/staging" 2>/dev/null)" ] || problems+=" staging-not-empty($(ls "$H/staging"))"
  after=$(installed)
  state=""
  if [ "$op" = sync ] && [ "$after" = "$before" ]; then state=same; syncs=$((syncs+1)); elif [ "$after" = "$want" ]; then state=new; new=$((new+1)); elif [ "$after" = "$before" ]; then state=old; old=$((old+1)); else problems+=" installed-set(before='$before' asked='$want' after='$after')"; fi
  [ -n "$problems" ] && fail=$((fail+1))
  printf 'trial %d: %s, SIGKILL after %.2f s%s (command exit %d), state %s%s\n' "$t" "$op" "$delay" \
      "$([ $killed -ne 0 ] && echo ' (service already gone)')" $crc "$state" "${problems:+, FAILED:$problems}"
  "$C" client --home "$H" service stop >/dev/null 2>&1
done
echo "service kill trials (seed $SEED): $TRIALS, failures $fail, installed set old $old / new $new, syncs $syncs unchanged; $(( $(date +%s) - t_start )) s; load $(cut -d' ' -f1-3 /proc/loadavg)"
[ $fail -eq 0 ]
