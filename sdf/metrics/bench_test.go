package metrics

import (
	"testing"

	"gonum.org/v1/gonum/spatial/kdtree"

	"github.com/neurbf/neurbf/sdf/sdftest"
)

// BenchmarkCompareMeshes runs the paper's protocol, 10⁶ samples on each
// of two tori; samples/s counts the samples of both meshes.
func BenchmarkCompareMeshes(b *testing.B) {
	pred := sdftest.Torus{Major: 0.6, Minor: 0.2}.Mesh(64)
	gt := sdftest.Torus{Major: 0.6, Minor: 0.21}.Mesh(48)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CompareMeshes(pred, gt, MeshOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(2*DefaultSamples*b.N)/b.Elapsed().Seconds(), "samples/s")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/op")
}

// nearestSetup returns 10⁶ surface samples of one torus as the indexed set
// and 10⁵ of another as queries.
func nearestSetup(b *testing.B) (pts, queries [][3]float64) {
	pts, _, err := surfaceSamples(sdftest.Torus{Major: 0.6, Minor: 0.2}.Mesh(64), 1_000_000, 1, gtStream)
	if err != nil {
		b.Fatal(err)
	}
	queries, _, err = surfaceSamples(sdftest.Torus{Major: 0.6, Minor: 0.21}.Mesh(48), 100_000, 1, predStream)
	if err != nil {
		b.Fatal(err)
	}
	return pts, queries
}

// BenchmarkNearest times one-thread nearest-neighbour queries in random
// order against 10⁶ points, with this package's tree and with gonum's.
func BenchmarkNearest(b *testing.B) {
	pts, queries := nearestSetup(b)
	b.Run("kdTree", func(b *testing.B) {
		t := newKDTree(pts)
		b.ReportAllocs()
		for b.Loop() {
			for _, q := range queries {
				t.nearest(q)
			}
		}
		b.ReportMetric(float64(len(queries)*b.N)/b.Elapsed().Seconds(), "samples/s")
	})
	b.Run("gonum", func(b *testing.B) {
		gp := make(kdtree.Points, len(pts))
		for i, p := range pts {
			gp[i] = kdtree.Point{p[0], p[1], p[2]}
		}
		t := kdtree.New(gp, false)
		b.ReportAllocs()
		for b.Loop() {
			for _, q := range queries {
				t.Nearest(kdtree.Point{q[0], q[1], q[2]})
			}
		}
		b.ReportMetric(float64(len(queries)*b.N)/b.Elapsed().Seconds(), "samples/s")
	})
}

// BenchmarkBuild times building the tree over 10⁶ points.
func BenchmarkBuild(b *testing.B) {
	pts, _ := nearestSetup(b)
	b.ReportAllocs()
	for b.Loop() {
		newKDTree(pts)
	}
	b.ReportMetric(float64(len(pts)*b.N)/b.Elapsed().Seconds(), "samples/s")
}
