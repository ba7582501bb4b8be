#!/usr/bin/env bash
# Runs every heaplint check over the whole standard library (with test
# files, as go vet analyzes it): the largest body of real Go code on any
# machine. It must finish with no panic and no analyzer error. It takes
# several minutes, so it is not part of scripts/test-all.sh;
# .ci/run runs it after that. Prints the findings per check.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "== every check over the standard library (go test -run TestStdlib ./cmd/heaplint, HEAPLINT_STD=1)"
HEAPLINT_STD=1 go test -count=1 -timeout 30m -run '^TestStdlib$' -v ./cmd/heaplint >"$log" 2>&1 &
pid=$!
# A heartbeat, so that a long run is not silent.
next=60
while kill -0 "$pid" 2>/dev/null; do
  sleep 2
  if [ $((SECONDS - start)) -ge $next ]; then
    echo "... still running ($(((SECONDS - start) / 60)) min)"
    next=$((next + 60))
  fi
done
if ! wait "$pid"; then
  tail -n 60 "$log"
  exit 1
fi
grep -E 'findings in std|^(ok|PASS|--- )' "$log" || true
printf 'std sweep passed in %dm%02ds\n' $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60))
