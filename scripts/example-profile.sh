#!/usr/bin/env bash
# Records testdata/example/heapsite.pprof, the heap profile that the bundled
# example's heaplint.yml names, from the example's BenchmarkUnderline. Run it
# after changing what the benchmark runs.
set -euo pipefail
cd "$(dirname "$0")/../testdata/example"
GOWORK=off go test -run '^$' -bench Underline -benchtime 2000x \
  -memprofile heapsite.pprof -memprofilerate 1 -o /dev/null . >/dev/null
echo "testdata/example/heapsite.pprof: $(wc -c <heapsite.pprof) bytes"
