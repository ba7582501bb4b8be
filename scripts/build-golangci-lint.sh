#!/usr/bin/env bash
# Builds golangci-lint v2.15.0 with heaplint's module plugin linked in, from
# the wrapper module tools/golangci-lint, using only the Go module proxy (no
# GitHub, unlike `golangci-lint custom`). Prints the binary's absolute path.
#
#   scripts/build-golangci-lint.sh [-o PATH] [-f]
#
#   -o PATH  where to put the binary (default: bin/golangci-lint)
#   -f       rebuild even if nothing changed
#
# The binary is rebuilt only when an input changed: the Go files of heaplint
# linked into it (go list -deps of analyzer/gclplugin, embedded files too),
# both modules' go.mod and go.sum, the wrapper's main.go, this script, and the
# Go toolchain and target. Their hash is recorded next to the binary
# (PATH.inputs) and given to the binary as its version, so that golangci-lint's
# result cache never replays results of an older heaplint.
# A cold build (empty module and build caches) takes a few minutes.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bin/golangci-lint
force=
while [ $# -gt 0 ]; do
  case $1 in
    -o) out=$2; shift 2 ;;
    -f) force=1; shift ;;
    *) echo "usage: $0 [-o PATH] [-f]" >&2; exit 2 ;;
  esac
done
case $out in /*) ;; *) out=$PWD/$out ;; esac
mkdir -p "$(dirname "$out")"

export GOWORK=off   # a go.work above the checkout must not change what is built
wrapper=$root/tools/golangci-lint

inputs_hash() {
  {
    go version
    go env GOOS GOARCH GOAMD64 GOARM64 CGO_ENABLED
    # Every file of this module that the plugin package links in.
    (cd "$root" && go list -deps -f '{{if and .Module (eq .Module.Path "github.com/heaplint/heaplint")}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}
{{end}}{{range .CgoFiles}}{{$d}}/{{.}}
{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}
{{end}}{{end}}' ./analyzer/gclplugin) | LC_ALL=C sort | while read -r f; do
      [ -n "$f" ] && printf '%s ' "${f#"$root"/}" && sha256sum <"$f"
    done
    for f in go.mod go.sum tools/golangci-lint/go.mod tools/golangci-lint/go.sum tools/golangci-lint/main.go scripts/build-golangci-lint.sh; do
      printf '%s ' "$f" && sha256sum <"$root/$f"
    done
  } | sha256sum | cut -c1-16
}

lock=$out.lock
exec 9>"$lock"
if command -v flock >/dev/null 2>&1; then
  flock 9 # one build at a time; a second caller then finds the binary fresh
fi

hash=$(inputs_hash)
if [ -z "$force" ] && [ -x "$out" ] && [ "$(cat "$out.inputs" 2>/dev/null)" = "$hash" ]; then
  echo "$out"
  exit 0
fi

echo "building golangci-lint v2.15.0 with heaplint (inputs $hash) into $out" >&2
tmp=$out.tmp.$$
mod=$(mktemp -d)
# The go command's work directory, private to this build: on a shared,
# busy machine, cold builds in the default /tmp/go-build* failed twice with
# "could not import slices (open : no such file or directory)"; with their
# own GOTMPDIR they did not.
gotmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$mod" "$gotmp"' EXIT
export GOTMPDIR=$gotmp
# Build against copies of the wrapper's go.mod and go.sum, letting go add
# what a newer heaplint go.mod needs (from the module proxy) without
# touching the committed files; say so when they are stale.
cp "$wrapper/go.mod" "$wrapper/go.sum" "$mod/"
if ! (cd "$wrapper" && go build -mod=mod -modfile="$mod/go.mod" -ldflags "-X main.pluginHash=$hash" -o "$tmp" .) >&2; then
  echo "building the golangci-lint wrapper (tools/golangci-lint) failed" >&2
  exit 1
fi
if ! cmp -s "$wrapper/go.mod" "$mod/go.mod" || ! cmp -s "$wrapper/go.sum" "$mod/go.sum"; then
  cat >&2 <<MSG
warning: tools/golangci-lint/go.mod or go.sum is stale (heaplint's go.mod changed);
the binary was built anyway. Bring them up to date and commit them:
  (cd tools/golangci-lint && go mod tidy)
MSG
fi
mv -f "$tmp" "$out"
echo "$hash" >"$out.inputs"
echo "$out"
