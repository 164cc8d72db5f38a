package mc

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/neurbf/neurbf/sdf/mesh"
)

// BenchmarkExtract extracts a sphere of radius 0.8 at 256³ samples.
func BenchmarkExtract(b *testing.B) {
	for _, threads := range []int{1, 0} {
		b.Run(fmt.Sprintf("res=256/threads=%d", threads), func(b *testing.B) {
			const n = 256
			f := sphere([3]float64{}, 0.8)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Extract(f, Options{Res: n, Threads: threads}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*n*n*b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}

// BenchmarkExtract1024Memory extracts the same sphere at 1024³ samples,
// collecting the mesh, and reports the peak heap in use (read after every
// slab) and the runtime's total memory from the operating system.
func BenchmarkExtract1024Memory(b *testing.B) {
	const n = 1024
	f := sphere([3]float64{}, 0.8)
	var peak uint64
	var ms runtime.MemStats
	for b.Loop() {
		runtime.GC()
		m := &mesh.Mesh{}
		err := Stream(f, Options{Res: n}, func(v [][3]float64, t [][3]int32) error {
			m.V = append(m.V, v...)
			m.F = append(m.F, t...)
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(m.F)), "faces")
	}
	b.ReportMetric(float64(n*n*n*b.N)/b.Elapsed().Seconds(), "samples/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MB")
}
