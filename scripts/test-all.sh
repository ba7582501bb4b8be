#!/usr/bin/env bash
# Runs every heaplint test on a fresh machine: installs what the tests need
# (Neovim from Debian packages for the editor test; golangci-lint v2.15.0
# and the other Go modules come from the Go module proxy), then runs gofmt,
# vet, and the unit and end-to-end tests, printing each package as it
# finishes and every slow test. About 3 minutes on 2 cores with warm caches,
# under 10 cold. README.md names this script; .ci/run calls it, then
# scripts/test-std.sh (every check over the standard library, which is long).
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
step() { printf '\n== %s (at %ds)\n' "$*" $((SECONDS - start)); }

if ! command -v nvim >/dev/null 2>&1; then
  step "installing Neovim (editor end-to-end test)"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null) ||
      echo "Neovim could not be installed; the Neovim test will skip and say so"
  else
    echo "not root or no apt-get: the Neovim test will skip and say so"
  fi
fi

if ! command -v emacs >/dev/null 2>&1; then
  step "installing Emacs with lsp-mode and Eglot (the README's Emacs snippets are evaluated)"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq emacs-nox elpa-lsp-mode elpa-eglot >/dev/null) ||
      echo "Emacs could not be installed; the Emacs test will skip and say so"
  else
    echo "not root or no apt-get: the Emacs test will skip and say so"
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

step "go test ./... (a line per package as it finishes; tests over 5s named)"
go build -o "${TMPDIR:-/tmp}/heaplint-testprogress.$$" ./scripts/testprogress
trap 'rm -f "${TMPDIR:-/tmp}/heaplint-testprogress.$$"' EXIT
go test -count=1 -timeout 20m -json ./... 2>&1 | "${TMPDIR:-/tmp}/heaplint-testprogress.$$"

printf '\nall tests passed in %dm%02ds\n' $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60))
