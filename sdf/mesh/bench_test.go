package mesh

import (
	"bytes"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/internal/testfiles"
)

func bunny(b *testing.B) *Mesh {
	m, err := Decode(bytes.NewReader(assets.Bunny), "bunny.obj")
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func BenchmarkSample(b *testing.B) {
	m := bunny(b)
	s, err := NewSurfaceSampler(m)
	if err != nil {
		b.Fatal(err)
	}
	const n = 1 << 14
	p, nrm := make([][3]float64, n), make([][3]float64, n)
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		s.Sample(p, nrm, rng)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// benchDecode decodes data repeatedly, reporting bytes/s and faces/s.
func benchDecode(b *testing.B, data []byte, name string) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var faces int
	for b.Loop() {
		m, err := Decode(bytes.NewReader(data), name)
		if err != nil {
			b.Fatal(err)
		}
		faces = len(m.F)
	}
	b.ReportMetric(float64(faces*b.N)/b.Elapsed().Seconds(), "faces/s")
}

func BenchmarkDecode(b *testing.B) {
	m := bunny(b)
	for _, name := range []string{"bunny.obj", "bunny.ply", "bunny.stl", "bunny.ply.gz"} {
		var buf bytes.Buffer
		if err := Encode(&buf, m, name); err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) { benchDecode(b, buf.Bytes(), name) })
	}
	b.Run("armadillo.off", func(b *testing.B) {
		data, err := os.ReadFile(testfiles.RealPath(b, "armadillo.off"))
		if err != nil {
			b.Fatal(err)
		}
		benchDecode(b, data, "armadillo.off")
	})
}
