#!/usr/bin/env bash
# Renders every screen of the desktop client, light and dark, at 1024x600, headless (Monocle), into
# docs/screenshots/ (or the folder given as $1). Uses a real store on a loopback test network only.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-$root/docs/screenshots}")"
cd "$root"
mvn -B -q -pl store-gui -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=ScreenshotsIT -Dcaravan.screenshots="$out"
ls "$out"/*.png
