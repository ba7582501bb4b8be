#!/usr/bin/env bash
# Runs every heaplint test on a fresh machine: installs what the tests need
# (Neovim from Debian packages for the editor test; golangci-lint v2.15.0
# and the other Go modules come from the Go module proxy), then runs vet,
# the unit and end-to-end tests, and every check over the standard library.
# README.md names this script; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

if ! command -v nvim >/dev/null 2>&1; then
  step "installing Neovim (editor end-to-end test)"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null) ||
      echo "Neovim could not be installed; the Neovim test will skip and say so"
  else
    echo "not root or no apt-get: the Neovim test will skip and say so"
  fi
fi

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' | grep -v '/testdata/') 2>/dev/null || true)
if [ -n "$unformatted" ]; then
  echo "gofmt would change: $unformatted"
  exit 1
fi

step "go vet ./... (and the golangci-lint wrapper module)"
go vet ./...
(cd tools/golangci-lint && GOWORK=off go vet .)

step "golangci-lint v2.15.0 with heaplint linked in (reused while its inputs are unchanged)"
HEAPLINT_GOLANGCI_LINT="$(bash scripts/build-golangci-lint.sh)"
export HEAPLINT_GOLANGCI_LINT
echo "$HEAPLINT_GOLANGCI_LINT"

step "go test ./..."
go test -count=1 -timeout 20m ./...

step "every check over the standard library"
log=$(mktemp)
if ! HEAPLINT_STD=1 go test -count=1 -timeout 20m -run '^TestStdlib$' -v ./cmd/heaplint >"$log" 2>&1; then
  tail -n 60 "$log"
  exit 1
fi
grep -E 'findings in std|^(ok|PASS)' "$log" || true
rm -f "$log"
