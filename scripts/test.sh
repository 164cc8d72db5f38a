#!/usr/bin/env bash
# test.sh runs every test of neurbf: it first checks that the repository
# tracks no build output or oversized file (scripts/check-tree.sh), fetches
# the real test data (images and meshes, into the git-ignored
# testdata/real/), then runs go vet and go test over the whole module,
# once in the default build (gonum and the assembly product kernel) and
# once with the SIMD kernels (GOEXPERIMENT=simd) when the toolchain
# supports it. It fuzzes the mesh parsers and the TIFF reader briefly and fails when a fuzz
# target stalls (scripts/fuzz-rate.sh).
#
# Tests that compare pictures with goldens (internal/testfiles.Golden)
# keep a failed picture in $NEURBF_TEST_ARTIFACTS, default test-artifacts/
# at the root (git-ignored), and name it in the failure message.
#
# The paper-protocol quality runs are opt-in and not run here (README):
# NEURBF_LONG=1 GOEXPERIMENT=simd go test ./field -run PaperProtocol -timeout 2h
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v go >/dev/null || { echo "test.sh: Go is not installed (https://go.dev/doc/install)" >&2; exit 1; }

echo "== checking the tracked files"
./scripts/check-tree.sh

./scripts/fetch-testdata.sh

echo "== go vet ./..."
go vet ./...
echo "== go test ./... (default build: gonum and assembly kernels)"
go test -count=1 -timeout 20m ./...
# The fuzzer minimises every input that finds new code, trying subsets of
# its bytes (quadratic in its length) and reporting none of those
# executions until it ends, so early on, when most mutations find new
# code, minimisation took most of a short run and the progress lines
# showed no executions. Minimisation is capped at a number of executions,
# not a time: when a time cap expires the coordinator kills the worker.
# The run is a number of executions, not a time: with a time, Go 1.26's
# fuzz coordinator can report its own deadline as a failure ("context
# deadline exceeded", no failing input; go.dev/issue/75804, fixed in Go
# 1.27). A target that stalls still fails: on the rate floor below, or on
# the -timeout.
echo "== fuzzing the mesh parsers and the TIFF reader (50,000 executions each, at least 100 executions/s)"
fuzzlog=$(mktemp)
trap 'rm -f "$fuzzlog"' EXIT
for target in sdf/mesh:FuzzReadPLY sdf/mesh:FuzzReadOBJ sdf/mesh:FuzzReadSTL sdf/mesh:FuzzReadOFF pixels:FuzzTIFF; do
	pkg=${target%%:*} f=${target#*:}
	go test -run XXX -fuzz "^$f\$" -fuzztime 50000x -fuzzminimizetime 1000x -timeout 8m "./$pkg" 2>&1 | tee "$fuzzlog"
	./scripts/fuzz-rate.sh "$f" 100 <"$fuzzlog"
done
if GOEXPERIMENT=simd go list simd/archsimd >/dev/null 2>&1; then
	echo "== GOEXPERIMENT=simd go test ./... (SIMD kernels)"
	GOEXPERIMENT=simd go vet ./...
	GOEXPERIMENT=simd go test -count=1 -timeout 20m ./...
fi
./scripts/test-slurm.sh # fits tiles on a real one-node Slurm (docs/CLUSTER.md)
echo "== the OpenGL viewer (build tag viewer, under Xvfb)"
./scripts/test-viewer.sh
