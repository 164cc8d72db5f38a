# Makefile of neurbf. The fast path (GOEXPERIMENT=simd, Go's simd/archsimd
# kernels) is built whenever the toolchain supports it; SIMD=0 forces the
# default build (the assembly product kernel and plain Go).
#
#   make build        build ./cmd/neurbf into ./neurbf
#   make test         every test (scripts/test.sh: fetches the real data, vet, test both paths)
#   make bench        the Go benchmarks of the training step (samples/s, allocs)
#   make bench-torch  the side-by-side comparison with PyTorch (bench/pytorch/run.sh)

GO ?= go
SIMD ?= $(shell GOEXPERIMENT=simd $(GO) list simd/archsimd >/dev/null 2>&1 && echo 1 || echo 0)
ifeq ($(SIMD),1)
GOENV := GOEXPERIMENT=simd
endif
BENCH ?= TrainStep|StepPhases|SDFStep
BENCHTIME ?= 10x

.PHONY: build test bench bench-torch

build:
	$(GOENV) $(GO) build -o neurbf ./cmd/neurbf

test:
	./scripts/test.sh

bench:
	./scripts/fetch-testdata.sh
	$(GOENV) $(GO) test -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -timeout 30m ./field

bench-torch:
	./bench/pytorch/run.sh
