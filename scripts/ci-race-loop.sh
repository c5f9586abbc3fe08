#!/usr/bin/env bash
# Runs the test of two CI pipelines racing on one repository (test/publish/due-git.test.ts) again and
# again, and stops at the first failure. Not part of CI: for checking `due --git` for races, best on a busy
# machine, where the order of the two runs varies the most.
#
#   scripts/ci-race-loop.sh        # 20 runs
#   scripts/ci-race-loop.sh 100    # 100 runs
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

runs=${1:-20}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
npm run build --silent
for i in $(seq 1 "$runs"); do
  # The race test needs neither the PDS nor snac2.
  if ! ANNOUNCE_TEST_SERVERS=0 npx vitest run test/publish/due-git.test.ts -t "two CI pipelines racing" >"$log" 2>&1; then
    cat "$log"
    echo "ci-race-loop: run $i of $runs failed" >&2
    exit 1
  fi
  echo "ci-race-loop: run $i of $runs passed"
done
echo "ci-race-loop: $runs of $runs passed"
