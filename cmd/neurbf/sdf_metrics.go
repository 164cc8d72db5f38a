package main

import (
	"fmt"
	"io"
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/cli"
	"github.com/neurbf/neurbf/sdf/mc"
	"github.com/neurbf/neurbf/sdf/mesh"
	"github.com/neurbf/neurbf/sdf/metrics"
)

// sdfResult is metrics.json of an SDF fit (and the output of eval --mesh).
// The mesh metrics are null when the fitted field has no surface.
type sdfResult struct {
	IoU               float64  `json:"iou"`                // outside (sdf ≥ 0) IoU on the grid, the paper's number
	IoUInside         float64  `json:"iou_inside"`         // inside (sdf < 0) IoU on the grid
	IoUPoints         float64  `json:"iou_points"`         // outside IoU at the random points
	IoUPointsInside   float64  `json:"iou_points_inside"`  //
	NAE               *float64 `json:"nae_deg"`            // normal angle error, degrees (docs/METHOD.md §4)
	NAEPredToGT       *float64 `json:"nae_pred_to_gt_deg"` // its two one-way means
	NAEGTToPred       *float64 `json:"nae_gt_to_pred_deg"` //
	NAEReference      *float64 `json:"nae_reference_code"` // what the paper's code reports as NAE (metrics.MeshScores.NAEReference)
	Chamfer           *float64 `json:"chamfer_l1"`         //
	NormalConsistency *float64 `json:"normal_consistency"` //
	FScore            []fscore `json:"fscore"`             // at τ = 1e-2, 5e-3, 1e-3
	Triangles         int      `json:"triangles"`          // of the marching-cubes mesh
	MeshResolution    int      `json:"mesh_resolution"`    //
	EvalResolution    int      `json:"eval_resolution"`    //
	EvalPoints        int      `json:"eval_points"`        //
	MeshSamples       int      `json:"mesh_samples"`       //
	EvalSeconds       float64  `json:"eval_seconds"`       //
	runInfo
}

// fscore is the F-score at one threshold.
type fscore struct {
	Tau       float64 `json:"tau"`
	F         float64 `json:"f"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
}

// evalSeed seeds the IoU points and the surface samples, so that every
// evaluation of a model measures at the same places.
const evalSeed = 1

// sdfMetrics measures the model's field f against gt, both in the
// normalised frame (docs/METHOD.md §4): IoU on the grid and at random points
// against the exact sign of gt, and the mesh metrics of pred, the model's
// marching-cubes mesh.
func sdfMetrics(f mc.ScalarFunc, pred, gt *mesh.Mesh, e sdfEvalFlags, threads int) (*sdfResult, error) {
	return sdfMetricsProgress(f, pred, gt, e, threads, nil)
}

// sdfMetricsProgress is sdfMetrics reporting each phase (the ground
// truth's sign, the two IoUs, the mesh metrics) on progress, nothing when
// it is nil.
func sdfMetricsProgress(f mc.ScalarFunc, pred, gt *mesh.Mesh, e sdfEvalFlags, threads int, progress io.Writer) (*sdfResult, error) {
	t0 := time.Now()
	ph := cli.StartPhase(progress, "ground-truth sign", 0)
	sign, err := field.NewSignField(gt, threads)
	if err != nil {
		ph.Abort()
		return nil, fmt.Errorf("ground truth: %w", err)
	}
	ph.Done("")
	eo := metrics.EvalOptions{}
	n := int64(e.evalRes)
	ph = cli.StartPhase(progress, fmt.Sprintf("IoU on the %d³ grid", e.evalRes), n*n*n)
	grid, err := metrics.GridIoU(counted(f, ph), sign.Eval, e.evalRes, eo)
	if err != nil {
		ph.Abort()
		return nil, err
	}
	ph.Done(fmt.Sprintf("%.4f", grid.IoUOutside()))
	ph = cli.StartPhase(progress, fmt.Sprintf("IoU at %d random points", e.evalPoints), int64(e.evalPoints))
	pts, err := metrics.PointIoU(counted(f, ph), sign.Eval, e.evalPoints, evalSeed, eo)
	if err != nil {
		ph.Abort()
		return nil, err
	}
	ph.Done(fmt.Sprintf("%.4f", pts.IoUOutside()))
	r := &sdfResult{
		IoU: grid.IoUOutside(), IoUInside: grid.IoUInside(),
		IoUPoints: pts.IoUOutside(), IoUPointsInside: pts.IoUInside(),
		Triangles: len(pred.F), MeshResolution: e.resolution, EvalResolution: e.evalRes,
		EvalPoints: e.evalPoints, MeshSamples: e.meshSamples,
	}
	if len(pred.F) > 0 {
		ph = cli.StartPhase(progress, fmt.Sprintf("mesh metrics, %d samples per mesh", e.meshSamples), 0)
		s, err := metrics.CompareMeshes(pred, gt, metrics.MeshOptions{Samples: e.meshSamples, Seed: evalSeed})
		if err != nil {
			ph.Abort()
			return nil, err
		}
		ph.Done(fmt.Sprintf("NAE %.2f°, Chamfer-L1 %.4g", s.NAE, s.Chamfer))
		r.NAE, r.Chamfer, r.NormalConsistency = &s.NAE, &s.Chamfer, &s.NormalConsistency
		r.NAEPredToGT, r.NAEGTToPred, r.NAEReference = &s.NAEPredToGT, &s.NAEGTToPred, &s.NAEReference
		for _, fs := range s.FScores {
			r.FScore = append(r.FScore, fscore{Tau: fs.Tau, F: fs.F, Precision: fs.Precision, Recall: fs.Recall})
		}
	}
	r.EvalSeconds = time.Since(t0).Seconds()
	return r, nil
}

// encode prints r as indented JSON (cli.WriteJSON).
func (r *sdfResult) encode(w io.Writer) error {
	return cli.WriteJSON(w, r)
}
