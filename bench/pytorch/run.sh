#!/usr/bin/env bash
# run.sh: the side-by-side comparison of neurbf (Go) with the same model in
# PyTorch on this CPU (issue #5; docs/BENCHMARKS.md). `make bench-torch`
# runs it.
#
# 1. Installs what is missing: Debian's python3-torch and python3-numpy,
#    and OpenBLAS (libopenblas0-pthread), and checks that libblas.so.3,
#    which Debian's torch is linked against, resolves to OpenBLAS.
# 2. Fetches the real test data, builds the field benchmarks (with
#    GOEXPERIMENT=simd when the toolchain has it, and the default build
#    without it) and the exporter, and exports every case's initial model
#    (the models the Go benchmarks build: same image crop, config and seed)
#    for PyTorch.
# 3. For ROUNDS rounds, interleaved, times each case with Go SIMD, the Go
#    default build and PyTorch, and prints every run, then the medians and
#    the ratios.
# 4. Quality after equal steps: Go (default build and SIMD) and PyTorch each
#    train QUALITY_STEPS full-image steps of the coffee 256² crop / 128K
#    model from the same initial snapshot; it prints the PSNRs.
#
# 5. With TUNE=N (N rounds), first compares PyTorch's threading settings
#    (OpenBLAS threads × torch threads, and Adam's foreach) on the cases.
#
# 6. SDF quality after equal steps: Go (both builds) and PyTorch each train
#    SDF_QUALITY_STEPS steps of the Armadillo model on the same recorded
#    batches; neurbf eval --mesh scores all of them (NAE, IoU).
#
# Settings (environment): ROUNDS (5), CASES ("img256 img1024 sdf"),
# QUALITY_STEPS (300; 0 skips the check), SDF_QUALITY_STEPS (1000; 0
# skips), TORCH_THREADS (1: measured fastest on the loaded 2-vCPU machine,
# 2 within 2 % of the fastest on the idle one; see docs/BENCHMARKS.md;
# TUNE=3 re-checks),
# OPENBLAS_NUM_THREADS (1), OPENBLAS_CORETYPE (unset: OpenBLAS picks its
# kernels from the CPU; Debian's 0.3.21 takes its AVX2 "Haswell" ones on
# Zen 5, and SkylakeX selects its AVX-512 ones), TUNE (0), TUNE_CASES
# ($CASES), OUT (a work directory, default under $TMPDIR). The cases'
# exports are kept in OUT and reused.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

ROUNDS=${ROUNDS:-5}
CASES=${CASES:-"img256 img1024 sdf"}
QUALITY_STEPS=${QUALITY_STEPS:-300}
SDF_QUALITY_STEPS=${SDF_QUALITY_STEPS:-1000}
TORCH_THREADS=${TORCH_THREADS:-1}
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
OUT=${OUT:-${TMPDIR:-/tmp}/neurbf-bench-torch}
# Debian's torch lives in Debian's Python, not in whatever python3 is first
# on PATH (pyenv, a virtualenv).
PY=/usr/bin/python3

log() { printf '%s\n' "$*" >&2; }

# --- 1. PyTorch and OpenBLAS
if ! "$PY" -c 'import torch, numpy, scipy' 2>/dev/null || ! ls /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 >/dev/null 2>&1; then
	log "== installing python3-torch, python3-numpy and OpenBLAS (Debian packages)"
	sudo=""
	[[ $(id -u) -eq 0 ]] || sudo=sudo
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends python3-torch python3-numpy python3-scipy libopenblas0-pthread >/dev/null
fi
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 || true)
case "$blas" in
*openblas*) ;;
*) log "run.sh: libblas.so.3 resolves to ${blas:-nothing}, not OpenBLAS: PyTorch would use the slow reference BLAS." \
	"Select it with: update-alternatives --set libblas.so.3-x86_64-linux-gnu /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"
	exit 1 ;;
esac

# --- 2. data, binaries, cases
./scripts/fetch-testdata.sh
mkdir -p "$OUT"
simd=0
if GOEXPERIMENT=simd go list simd/archsimd >/dev/null 2>&1; then
	simd=1
	GOEXPERIMENT=simd go test -c -o "$OUT/field-simd.test" ./field
fi
go test -c -o "$OUT/field.test" ./field
go build -o "$OUT/export" ./bench/pytorch

[[ -f "$OUT/img256/model.nrbf" ]] || "$OUT/export" image -o "$OUT/img256" -src coffee -crop 256 -params 128000
[[ -f "$OUT/img1024/model.nrbf" ]] || "$OUT/export" image -o "$OUT/img1024" -src testdata/real/retina.jpg -crop 1024 -params 1000000
[[ -f "$OUT/sdf/model.nrbf" ]] || "$OUT/export" sdf -o "$OUT/sdf" -mesh testdata/real/armadillo.off

# Per case: the Go benchmark, its -benchtime, and PyTorch's timed steps.
declare -A gobench=([img256]=BenchmarkTrainStep256 [img1024]=BenchmarkTrainStep1024 [sdf]=BenchmarkSDFStep448K)
declare -A gosteps=([img256]=20x [img1024]=5x [sdf]=30x)
declare -A torchsteps=([img256]=10 [img1024]=3 [sdf]=20)

log "== machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; $(go version)"
core=$("$PY" -c 'import ctypes; b = ctypes.CDLL("libopenblas.so.0"); b.openblas_get_corename.restype = ctypes.c_char_p; print(b.openblas_get_corename().decode())' 2>/dev/null || echo unknown)
log "== torch $("$PY" -c 'import torch; print(torch.__version__)'), libblas.so.3 -> $blas (OpenBLAS kernels: $core), OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS, torch threads $TORCH_THREADS"

results="$OUT/results.tsv"
: >"$results"

# gorun BINARY CASE prints the samples/s of one benchmark run.
gorun() {
	"$1" -test.run '^$' -test.bench "^${gobench[$2]}\$" -test.benchtime "${gosteps[$2]}" |
		awk '{for (i = 2; i <= NF; i++) if ($i == "samples/s") print $(i-1)}'
}

# torchrun CASE [FLAGS...] prints the samples/s of one PyTorch run.
torchrun() {
	local c=$1
	shift
	"$PY" bench/pytorch/neurbf_torch.py time "$OUT/$c" --steps "${torchsteps[$c]}" --threads "$TORCH_THREADS" "$@" |
		"$PY" -c 'import json, sys; print(json.load(sys.stdin)["samples_per_s"])'
}

# --- 5. (optional) PyTorch's threading settings
if [[ ${TUNE:-0} -gt 0 ]]; then
	log "== PyTorch threading: OPENBLAS_NUM_THREADS x torch.set_num_threads (x Adam foreach), samples/s"
	for r in $(seq 1 "$TUNE"); do
		for c in ${TUNE_CASES:-$CASES}; do
			for cfg in "1 2 on" "2 2 on" "2 1 on" "1 1 on" "1 2 off"; do
				read -r bt tt fe <<<"$cfg"
				v=$(OPENBLAS_NUM_THREADS=$bt TORCH_THREADS=$tt torchrun "$c" --foreach "$fe")
				printf 'tune\t%s\t%s\tblas=%s torch=%s foreach=%s\t%s\t%s\n' "$r" "$c" "$bt" "$tt" "$fe" "$v" "$(cut -d' ' -f1 /proc/loadavg)" >&2
			done
		done
	done
fi

# --- 3. interleaved rounds
for r in $(seq 1 "$ROUNDS"); do
	for c in $CASES; do
		impls="torch go"
		[[ $simd -eq 1 ]] && impls="go-simd torch go"
		for impl in $impls; do
			case $impl in
			go-simd) v=$(gorun "$OUT/field-simd.test" "$c") ;;
			go) v=$(gorun "$OUT/field.test" "$c") ;;
			torch) v=$(torchrun "$c") ;;
			esac
			load=$(cut -d' ' -f1 /proc/loadavg)
			printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$c" "$impl" "$v" "$load" | tee -a "$results" >&2
		done
	done
done

# medians and ratios
"$PY" - "$results" <<'EOF'
import collections, statistics, sys
runs = collections.defaultdict(list)
loads = []
for line in open(sys.argv[1]):
    if not line.strip():
        continue
    r, case, impl, v, load = line.split("\t")
    runs[case, impl].append(float(v))
    loads.append(float(load))
if not runs:
    sys.exit(0)
print("\n| case | Go SIMD samples/s | Go default samples/s | PyTorch samples/s | SIMD / PyTorch | default / PyTorch |")
print("|---|---|---|---|---|---|")
for case in dict.fromkeys(c for c, _ in runs):
    med = {i: statistics.median(runs[case, i]) for i in ("go-simd", "go", "torch") if runs[case, i]}
    t = med.get("torch")
    cell = lambda i: f"{med[i]:,.0f}" if i in med else "n/a"
    ratio = lambda i: f"{med[i] / t:.2f}×" if i in med and t else "n/a"
    print(f"| {case} | {cell('go-simd')} | {cell('go')} | {cell('torch')} | {ratio('go-simd')} | {ratio('go')} |")
n = len(runs[next(iter(runs))])
print(f"\nmedians of {n} interleaved runs; 1-minute load average during the runs: "
      f"{min(loads):.2f}–{max(loads):.2f} (median {statistics.median(loads):.2f})")
EOF

# --- 4. quality after equal steps
if [[ $QUALITY_STEPS -gt 0 ]]; then
	q="$OUT/quality$QUALITY_STEPS"
	[[ -f "$q/model.nrbf" ]] || "$OUT/export" image -o "$q" -src coffee -crop 256 -params 128000 -steps "$QUALITY_STEPS"
	psnr() { "$PY" -c 'import json, sys; print("%.3f" % json.load(sys.stdin)["psnr"])'; }
	line="Go default $("$OUT/export" fit -d "$q" -steps "$QUALITY_STEPS" | psnr) dB"
	if [[ $simd -eq 1 ]]; then
		GOEXPERIMENT=simd go build -o "$OUT/export-simd" ./bench/pytorch
		line="$line, Go SIMD $("$OUT/export-simd" fit -d "$q" -steps "$QUALITY_STEPS" | psnr) dB"
	fi
	line="$line, PyTorch $("$PY" bench/pytorch/neurbf_torch.py fit "$q" --steps "$QUALITY_STEPS" --threads "$TORCH_THREADS" | psnr) dB"
	printf '\nquality after %s equal steps (coffee 256², 128K, same initial snapshot): %s\n' "$QUALITY_STEPS" "$line"
fi

# --- 6. SDF quality after equal steps: each trains SDF_QUALITY_STEPS steps
# on the same recorded batches from the same initial model (PyTorch with
# exact neighbours, as Go, which makes its steps slow), then every model
# is scored by neurbf eval --mesh: NAE and IoU (docs/METHOD.md §4) at 512³ with
# 3·10⁵ surface samples.
if [[ $SDF_QUALITY_STEPS -gt 0 ]]; then
	q="$OUT/sdfquality$SDF_QUALITY_STEPS"
	[[ -f "$q/model.nrbf" ]] || "$OUT/export" sdf -o "$q" -mesh testdata/real/armadillo.off -batches "$SDF_QUALITY_STEPS" -steps "$SDF_QUALITY_STEPS"
	go build -o "$OUT/neurbf" ./cmd/neurbf
	score() {
		"$OUT/neurbf" eval "$1" --mesh testdata/real/armadillo.off --resolution 512 --mesh-samples 300000 |
			"$PY" -c 'import json, sys; d = json.load(sys.stdin); print("NAE %.3f°, IoU %.5f" % (d["nae_deg"], d["iou"]))'
	}
	"$OUT/export" fit -d "$q" -steps "$SDF_QUALITY_STEPS" -save "$q/go.nrbf" >/dev/null
	line="Go default $(score "$q/go.nrbf")"
	if [[ $simd -eq 1 ]]; then
		GOEXPERIMENT=simd go build -o "$OUT/export-simd" ./bench/pytorch
		"$OUT/export-simd" fit -d "$q" -steps "$SDF_QUALITY_STEPS" -save "$q/go-simd.nrbf" >/dev/null
		line="$line; Go SIMD $(score "$q/go-simd.nrbf")"
	fi
	"$PY" bench/pytorch/neurbf_torch.py fit "$q" --steps "$SDF_QUALITY_STEPS" --threads "$TORCH_THREADS" --voxel-res 0 --save "$q/torch.nrbf" >/dev/null
	line="$line; PyTorch $(score "$q/torch.nrbf")"
	printf '\nSDF quality after %s equal steps (Armadillo, 448K, same batches and initial snapshot): %s\n' "$SDF_QUALITY_STEPS" "$line"
fi
