package metrics

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"github.com/neurbf/neurbf/internal/parallel"
	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// PaperTaus are the F-score thresholds of docs/METHOD.md §4.
var PaperTaus = [...]float64{1e-2, 5e-3, 1e-3}

// DefaultSamples is the default number of surface samples per mesh (the
// paper's 10⁶).
const DefaultSamples = 1_000_000

// MeshOptions configures CompareMeshes. The zero value asks for the
// paper's protocol.
type MeshOptions struct {
	// Samples is the number of surface samples drawn from each mesh;
	// default DefaultSamples.
	Samples int
	// Seed seeds the sampler. The two meshes are sampled with independent
	// streams of random numbers, as in the paper, so even identical meshes
	// score a Chamfer distance of the order of the sample spacing, not 0.
	Seed uint64
	// Taus are the F-score thresholds; default PaperTaus.
	Taus []float64
}

// FScore is the F-score at one distance threshold Tau: Precision is the
// fraction of predicted samples whose nearest ground-truth sample is closer
// than Tau, Recall the fraction of ground-truth samples whose nearest
// predicted sample is closer than Tau, and F = 2·P·R/(P+R) (0 when both
// are 0).
type FScore struct {
	Tau, Precision, Recall, F float64
}

// MeshScores are the mesh metrics of docs/METHOD.md §4, computed on N
// area-weighted surface samples of each mesh, each with its face's unit
// normal, and for every sample the nearest sample (Euclidean) of the other
// set. Below, n·n′ is the dot product of a sample's normal and its nearest
// sample's.
type MeshScores struct {
	// Accuracy is d(pred→gt), the mean distance from the predicted samples
	// to their nearest ground-truth samples.
	Accuracy float64
	// Completeness is d(gt→pred).
	Completeness float64
	// Chamfer is the Chamfer-L1 distance, Accuracy + Completeness.
	Chamfer float64
	// NAE is the normal angle error in degrees: ½(mean arccos|n·n′| from
	// pred to gt + the same from gt to pred). The absolute value makes it
	// blind to flipped normals, as in the paper.
	NAE float64
	// NAEPredToGT and NAEGTToPred are NAE's two one-way means, in degrees.
	NAEPredToGT, NAEGTToPred float64
	// NAEReference is the number the paper's reference code reports as
	// NAE, kept so that results can be set beside the paper's tables. That
	// code (util_metric.py, mesh_metrics, of the published repository)
	// overwrites its pred→gt angles with the gt→pred ones and averages them
	// with the gt→pred |n·n′| before the arccos, so what it reports is
	// ½(NAEGTToPred + mean |n·n′| gt→pred): half the one-way angle plus
	// about ½. It is not METHOD's NAE and is reported beside it, never
	// instead of it.
	NAEReference float64
	// NormalConsistency is ½(mean |n·n′| from pred to gt + the same from gt
	// to pred).
	NormalConsistency float64
	// FScores has one entry per threshold, in the order of the options.
	FScores []FScore
}

// CompareMeshes scores the predicted mesh pred against the ground truth
// gt (see MeshScores). It returns an error for a mesh without area, a face
// index out of range, or invalid options. The queries run on GOMAXPROCS
// goroutines; the result does not depend on their number.
func CompareMeshes(pred, gt *mesh.Mesh, o MeshOptions) (MeshScores, error) {
	var s MeshScores
	if o.Samples == 0 {
		o.Samples = DefaultSamples
	}
	if o.Taus == nil {
		o.Taus = PaperTaus[:]
	}
	if o.Samples < 1 {
		return s, fmt.Errorf("metrics: %d surface samples: need at least one", o.Samples)
	}
	for _, tau := range o.Taus {
		if !(tau > 0) {
			return s, fmt.Errorf("metrics: F-score threshold %g is not positive", tau)
		}
	}
	pp, pn, err := surfaceSamples(pred, o.Samples, o.Seed, predStream)
	if err != nil {
		return s, fmt.Errorf("predicted mesh: %w", err)
	}
	gp, gn, err := surfaceSamples(gt, o.Samples, o.Seed, gtStream)
	if err != nil {
		return s, fmt.Errorf("ground-truth mesh: %w", err)
	}
	return scoreSamples(pp, pn, gp, gn, o.Taus), nil
}

// The PCG stream words of the two meshes' samplers.
const (
	predStream = 0x70726564
	gtStream   = 0x6774
)

// scoreSamples computes the scores of predicted samples pp with unit
// normals pn against ground-truth samples gp with normals gn.
func scoreSamples(pp, pn, gp, gn [][3]float64, taus []float64) MeshScores {
	var s MeshScores
	var pt, gtree *kdTree
	var wg sync.WaitGroup
	wg.Go(func() { pt = newKDTree(pp) })
	gtree = newKDTree(gp)
	wg.Wait()
	fwd := oneWay(pt, pn, gtree, gn, taus)
	bwd := oneWay(gtree, gn, pt, pn, taus)
	s.Accuracy, s.Completeness = fwd.dist, bwd.dist
	s.Chamfer = fwd.dist + bwd.dist
	s.NAE = (fwd.angle + bwd.angle) / 2
	s.NAEPredToGT, s.NAEGTToPred = fwd.angle, bwd.angle
	s.NAEReference = (bwd.angle + bwd.cos) / 2
	s.NormalConsistency = (fwd.cos + bwd.cos) / 2
	for k, tau := range taus {
		p, r := fwd.within[k], bwd.within[k]
		f := 0.0
		if p+r > 0 {
			f = 2 * p * r / (p + r)
		}
		s.FScores = append(s.FScores, FScore{Tau: tau, Precision: p, Recall: r, F: f})
	}
	return s
}

// direction holds the means over the samples of one set of the quantities
// measured to their nearest samples in the other set.
type direction struct {
	dist, angle, cos float64   // mean distance, arccos|n·n′| (degrees), |n·n′|
	within           []float64 // fraction closer than each threshold
}

// queryChunk is the number of queries whose sums are accumulated together;
// chunk sums are added in chunk order, so the result is independent of the
// number of goroutines.
const queryChunk = 4096

// oneWay measures every sample of the tree from (with unit normals
// fromN, indexed by input id) against its nearest sample in to. The
// queries run in from's tree order, so consecutive queries are close in
// space and walk the same parts of to, which is faster than random order;
// starting each query from the previous answer gained nothing (see
// docs/DECISIONS.md, "Mesh metrics: a k-d tree of our own, queried in tree
// order").
func oneWay(from *kdTree, fromN [][3]float64, to *kdTree, toN [][3]float64, taus []float64) direction {
	n := len(from.pts)
	chunks := (n + queryChunk - 1) / queryChunk
	width := 3 + len(taus)
	sums := make([]float64, chunks*width) // per chunk: dist, angle, cos, counts
	var next atomic.Int64
	parallel.Workers(0, func(int) {
		for {
			k := int(next.Add(1)) - 1
			if k >= chunks {
				return
			}
			row := sums[k*width : (k+1)*width]
			for i := k * queryChunk; i < min(n, (k+1)*queryChunk); i++ {
				j, d2 := to.nearest(from.pts[i])
				d := math.Sqrt(d2)
				cos := math.Min(math.Abs(vec3.Dot(fromN[from.id[i]], toN[to.id[j]])), 1)
				row[0] += d
				row[1] += math.Acos(cos)
				row[2] += cos
				for t, tau := range taus {
					if d < tau {
						row[3+t]++
					}
				}
			}
		}
	})
	tot := make([]float64, width)
	for k := range chunks {
		for w := range width {
			tot[w] += sums[k*width+w]
		}
	}
	inv := 1 / float64(n)
	r := direction{dist: tot[0] * inv, angle: tot[1] * inv * 180 / math.Pi, cos: tot[2] * inv}
	for t := range taus {
		r.within = append(r.within, tot[3+t]*inv)
	}
	return r
}
