#!/usr/bin/env bash
# `npm run check:fresh`: what a new machine meets. Clones this repository (its HEAD) into a temp
# folder, points STACKLINE_CACHE at an empty folder, then runs CI's script and the demo check
# there, and prints the wall time of each. The temp folder is removed when both pass.
set -euo pipefail
root=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=$(mktemp -d "${TMPDIR:-/tmp}/stackline-fresh-XXXXXX")
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]; then
  echo "check:fresh: note: uncommitted changes are not checked (the check clones HEAD)"
fi
trap 'echo "check:fresh: failed; the clone and its cache are kept in $work"' ERR
git clone -q "$root" "$work/repo"
export STACKLINE_CACHE="$work/cache"
mkdir -p "$STACKLINE_CACHE"
cd "$work/repo"
echo "check:fresh: $(git log -1 --format='%h %s') in $work/repo, empty cache $STACKLINE_CACHE"

began=$SECONDS
CI=true bash .ci/run </dev/null
ci=$((SECONDS - began))

began=$SECONDS
STACKLINE_DEMO_CHECK=1 npm start </dev/null
demo=$((SECONDS - began))

trap - ERR
rm -rf "$work"
echo "check:fresh passed: .ci/run ${ci} s, demo check ${demo} s (empty cache, fresh clone)"
