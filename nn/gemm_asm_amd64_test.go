package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"
)

func init() {
	for _, blk := range asmBlocks() {
		testKernels = append(testKernels, withAsm(blk, portable, false))
	}
	machinePeak = func() float64 {
		if bs := asmBlocks(); len(bs) > 0 {
			return fmaPeak(bs[0])
		}
		return 0
	}
}

// allBlocks lists every assembly family, run or skipped by the tests.
var allBlocks = []asmBlock{asmAVX2, asmAVX512}

// needBlock skips the test unless the CPU runs blk.
func needBlock(tb testing.TB, blk asmBlock) {
	tb.Helper()
	if !blk.supported {
		what := "AVX2 or FMA"
		if blk.avx512 {
			what = "AVX512F"
		}
		tb.Skipf("%s kernels not run: the CPU lacks %s", blk.name, what)
	}
}

// TestAsmBlockKernels calls each kernel of each family directly, with
// strides wider than the block and sums of several lengths, against a
// float64 reference, and checks that nothing around the block of c is
// written.
func TestAsmBlockKernels(t *testing.T) {
	for _, blk := range allBlocks {
		t.Run(blk.name, func(t *testing.T) {
			needBlock(t, blk)
			rng := rand.New(rand.NewPCG(11, 12))
			for _, rows := range []int{blk.rows, blk.rows / 2} {
				for _, cols := range []int{blk.cols, blk.cols / 2} {
					for _, np := range []int{1, 2, 7, 64} {
						for _, acc := range []bool{false, true} {
							checkBlock(t, rng, blk, rows, cols, np, acc)
						}
					}
				}
			}
		})
	}
}

func checkBlock(t *testing.T, rng *rand.Rand, blk asmBlock, rows, cols, np int, acc bool) {
	t.Helper()
	// a read with the rows apart by ais = np+3 and steps aps = 1, or
	// (transposed, as MatMulTransA reads it) ais = 1 and aps = rows+2.
	for _, tr := range []bool{false, true} {
		ais, aps := np+3, 1
		if tr {
			ais, aps = 1, rows+2
		}
		a := gemmRand(rng, (rows-1)*ais+(np-1)*aps+1)
		ldt, ldc := cols+5, cols+7
		tt := gemmRand(rng, (np-1)*ldt+cols)
		c := gemmRand(rng, (rows+2)*ldc)
		c0 := append([]float32(nil), c...)
		off := ldc + 1 // the block starts one row and one column in
		blk.gemm(rows, cols, &a[0], ais, aps, &tt[0], ldt, np, &c[off], ldc, acc)
		for i := range c {
			r, j := (i-off)/ldc, (i-off)%ldc
			if i < off || r >= rows || j >= cols {
				if c[i] != c0[i] {
					t.Fatalf("%dx%d np=%d: wrote c[%d] outside the block", rows, cols, np, i)
				}
				continue
			}
			want, mag := 0.0, 0.0
			for p := range np {
				x := float64(a[r*ais+p*aps]) * float64(tt[p*ldt+j])
				want, mag = want+x, mag+math.Abs(x)
			}
			if acc {
				want, mag = want+float64(c0[i]), mag+math.Abs(float64(c0[i]))
			}
			if d := math.Abs(float64(c[i]) - want); d > 4*float64(np+2)*0x1p-24*mag+1e-30 {
				t.Fatalf("%dx%d np=%d acc=%v trans=%v: c[%d,%d] = %g, want %g", rows, cols, np, acc, tr, r, j, c[i], want)
			}
		}
	}
}

// TestAsmEdgeShapes runs every product of each family (with gonum for the
// shapes it leaves) on shapes around its block: rows and columns one short
// of, equal to and one past a full or half block, and the decoder's widths.
func TestAsmEdgeShapes(t *testing.T) {
	for _, blk := range allBlocks {
		t.Run(blk.name, func(t *testing.T) {
			needBlock(t, blk)
			defer useKernels(withAsm(blk, portable, false))()
			R, C := blk.rows, blk.cols
			rows := []int{R/2 - 1, R / 2, R - 1, R, R + R/2, R + R/2 + 1, 3*R + R/2 + 3}
			dims := []int{1, 3, C/2 - 1, C / 2, C/2 + 1, C, C + C/2, C + C/2 + 4, 2*C + 3, 36, 64}
			checkGrid(t, rand.New(rand.NewPCG(13, 14)), rows, dims)
		})
	}
}

// peakGFLOPs caches the measured FMA peak of each family.
var peakGFLOPs = map[bool]float64{}

// fmaPeak returns the FMA throughput of one core at the family's width, in
// GFLOP/s: the fastest of 20 short runs of the peak loop, so that other
// jobs on the machine lower it little.
func fmaPeak(blk asmBlock) float64 {
	if g, ok := peakGFLOPs[blk.avx512]; ok {
		return g
	}
	const rounds = 100000
	run, flops := fmaPeakAVX2, 12*16*rounds
	if blk.avx512 {
		run, flops = fmaPeakAVX512, 12*32*rounds
	}
	best := 0.0
	for range 20 {
		t0 := time.Now()
		run(rounds)
		best = max(best, float64(flops)/time.Since(t0).Seconds()/1e9)
	}
	peakGFLOPs[blk.avx512] = best
	return best
}

// BenchmarkFMAPeak times the pure-FMA loop of each family on one core: the
// peak the kernels are measured against.
func BenchmarkFMAPeak(b *testing.B) {
	for _, blk := range allBlocks {
		b.Run(blk.name, func(b *testing.B) {
			needBlock(b, blk)
			run, flops := fmaPeakAVX2, 12*16*1000
			if blk.avx512 {
				run, flops = fmaPeakAVX512, 12*32*1000
			}
			for b.Loop() {
				run(1000)
			}
			reportRate(b, float64(flops), 0)
		})
	}
}

// BenchmarkFMAPeakThreads runs BenchmarkFMAPeak's loop, and the 8×32 (or
// 4×16) block of BenchmarkGemmKernel, on 1 and on GOMAXPROCS goroutines at
// once and reports their summed GFLOP/s by wall time: the peak of the whole
// machine, which is twice one core's only when the threads run on cores
// that share no FMA units (two vCPUs may be one core's hyperthreads).
func BenchmarkFMAPeakThreads(b *testing.B) {
	for _, blk := range allBlocks {
		for _, threads := range []int{1, runtime.GOMAXPROCS(0)} {
			b.Run(fmt.Sprintf("%s/fma/threads=%d", blk.name, threads), func(b *testing.B) {
				needBlock(b, blk)
				run, flops := fmaPeakAVX2, 12*16*1000
				if blk.avx512 {
					run, flops = fmaPeakAVX512, 12*32*1000
				}
				onThreads(b, threads, func(int) { run(1000) })
				reportRate(b, float64(threads*flops), 0)
			})
			b.Run(fmt.Sprintf("%s/gemm/threads=%d", blk.name, threads), func(b *testing.B) {
				needBlock(b, blk)
				const m, k, n = 512, 64, 64
				rng := rand.New(rand.NewPCG(7, 8))
				a, t := gemmRand(rng, m*k), gemmRand(rng, k*n)
				cs := make([][]float32, threads)
				for i := range cs {
					cs[i] = make([]float32, m*n)
				}
				onThreads(b, threads, func(id int) {
					c := cs[id]
					for i := 0; i < m; i += blk.rows {
						for j := 0; j < n; j += blk.cols {
							blk.gemm(blk.rows, blk.cols, &a[i*k], k, 1, &t[j], n, k, &c[i*n+j], n, false)
						}
					}
				})
				reportRate(b, float64(threads*2*m*k*n), 0)
			})
		}
	}
}

// onThreads times b.N calls of f(id) on each of threads goroutines
// (id 0…threads−1), each locked to its OS thread, all started together.
func onThreads(b *testing.B, threads int, f func(id int)) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(threads)
	done.Add(threads)
	for id := range threads {
		go func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			defer done.Done()
			ready.Done()
			<-start
			for range b.N {
				f(id)
			}
		}()
	}
	ready.Wait()
	b.ResetTimer()
	close(start)
	done.Wait()
	b.StopTimer()
}

// BenchmarkGemmKernel times each family's full block alone on one core, as
// the 64×64 layer uses it: a 512-row tile of a (512×64) against a 64×64
// factor, every block of the 512×64 result summed over 64 steps. It
// reports GFLOP/s and the percentage of the family's FMA peak.
func BenchmarkGemmKernel(b *testing.B) {
	for _, blk := range allBlocks {
		b.Run(blk.name, func(b *testing.B) {
			needBlock(b, blk)
			const m, k, n = 512, 64, 64
			rng := rand.New(rand.NewPCG(7, 8))
			a, t, c := gemmRand(rng, m*k), gemmRand(rng, k*n), make([]float32, m*n)
			peak := fmaPeak(blk)
			for b.Loop() {
				for i := 0; i < m; i += blk.rows {
					for j := 0; j < n; j += blk.cols {
						blk.gemm(blk.rows, blk.cols, &a[i*k], k, 1, &t[j], n, k, &c[i*n+j], n, false)
					}
				}
			}
			reportRate(b, 2*m*k*n, peak)
		})
	}
}
