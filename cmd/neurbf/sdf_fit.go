package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/parallel"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// sdfFlags are the flags of `neurbf fit sdf`.
type sdfFlags struct {
	trainFlags
	eval   sdfEvalFlags
	sample sdfSampleFlags
}

// sdfEvalFlags say how an SDF model is meshed and measured.
type sdfEvalFlags struct {
	resolution  int // marching-cubes samples per axis
	evalRes     int // IoU grid samples per axis
	evalPoints  int // IoU random points
	meshSamples int // surface samples per mesh for the mesh metrics
	exact       bool
}

// Defaults of the SDF evaluation (docs/METHOD.md §4 uses 1024³ grids and 10⁶
// surface samples; these are CPU-sized, and flags raise them). The mesh
// resolution is 256 rather than 512: a field that is not yet distance-like
// (a short fit) defeats the narrow band (sdf/band), and 512³ model
// evaluations then take tens of minutes on two busy cores.
const (
	defaultMeshRes     = 256
	defaultEvalRes     = 128
	defaultEvalPoints  = 1_000_000
	defaultMeshSamples = 100_000
)

// addEvalFlags declares the evaluation flags on c.
func addEvalFlags(c *command, e *sdfEvalFlags) {
	c.IntVar(&e.resolution, "resolution", defaultMeshRes, "marching-cubes samples per axis of the output mesh (the mesh metrics use it too)")
	c.IntVar(&e.evalRes, "eval-resolution", defaultEvalRes, "samples per axis of the IoU grid over [-1,1]³ (the paper: 1024)")
	c.IntVar(&e.evalPoints, "eval-points", defaultEvalPoints, "uniform random points of the point IoU")
	c.IntVar(&e.meshSamples, "mesh-samples", defaultMeshSamples, "surface samples per mesh for NAE, Chamfer, normal consistency and F-score (the paper: 10⁶)")
	c.BoolVar(&e.exact, "exact", false, "evaluate the model at every mesh and IoU sample instead of in a narrow band around its surface (much slower)")
}

// check rejects evaluation settings that cannot work.
func (e sdfEvalFlags) check() error {
	switch {
	case e.resolution < 2 || e.resolution > 4096:
		return fmt.Errorf("%w: --resolution must be in [2, 4096], got %d", errUsage, e.resolution)
	case e.evalRes < 2 || e.evalRes > 4096:
		return fmt.Errorf("%w: --eval-resolution must be in [2, 4096], got %d", errUsage, e.evalRes)
	case e.evalPoints < 1:
		return fmt.Errorf("%w: --eval-points must be positive, got %d", errUsage, e.evalPoints)
	case e.meshSamples < 1:
		return fmt.Errorf("%w: --mesh-samples must be positive, got %d", errUsage, e.meshSamples)
	}
	return nil
}

func fitSDF(args []string, stdout, stderr io.Writer) error {
	var f sdfFlags
	c := newCommand("fit sdf", "neurbf fit sdf [MESH] -o DIR [flags]\n\n"+
		"Fits a NeuRBF model to the signed distance field of a triangle mesh (PLY, OBJ, STL or\n"+
		"OFF; no MESH: the built-in bunny) and writes DIR/model.nrbf, mesh.ply (marching cubes\n"+
		"of the fitted field, in the input's units), render.png (the fit beside the mesh) and metrics.json (IoU, NAE, Chamfer-L1,\n"+
		"normal consistency and F-scores, measured in the normalised frame as the paper does).\n"+
		"DIR must be empty or new; --force replaces a previous run there. --time bounds the\n"+
		"wall-clock time of training. Ctrl-C stops training early, still writes every output,\n"+
		"and exits with code 130.", stdout)
	f.register(c, "default 448000, the paper's 400K setting",
		"samples per step, surface : near-surface : uniform = 4 : 3 : 1 (default 4096)")
	addEvalFlags(c, &f.eval)
	addSampleFlags(c, &f.sample)
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return fmt.Errorf("%w: fit sdf takes one mesh path, got %d arguments", errUsage, len(pos))
	}
	set := map[string]bool{}
	c.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if err := f.check(set); err != nil {
		return err
	}
	f.threads = parallel.Count(f.threads)
	if err := f.eval.check(); err != nil {
		return err
	}
	if err := f.sample.check(); err != nil {
		return err
	}
	var path string
	if len(pos) == 1 {
		path = pos[0]
	}
	data, name, err := readInput(path, "bunny.obj", assets.Bunny)
	if err != nil {
		return err
	}
	prov := newProvenance(name, data, []string{"fit", "sdf"}, args)
	src, err := mesh.Decode(bytes.NewReader(data), name)
	if err != nil {
		return err
	}
	cfg, err := f.baseConfig(set)
	if err != nil {
		return err
	}
	if err := prepareOutput(f.out, f.force, stderr); err != nil {
		return err
	}

	t0 := time.Now()
	ph := f.phases(stderr)
	var (
		m    *field.Model
		task *field.SDFTask
	)
	err = ph.run("initialising the model and the training samples", func() (string, error) {
		var err error
		if m, err = field.NewSDFModel(cfg, src); err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		if task, err = field.NewSDFTask(m.Config, src, f.sample.options(f.threads)); err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		return fmt.Sprintf("%d RBFs", m.Config.RBFs), nil
	})
	if err != nil {
		return err
	}
	defer task.Close()
	prov.Seed = m.Config.Train.Seed
	tr, err := field.NewTrainer(m, task, f.threads)
	if err != nil {
		return err
	}
	defer tr.Close()
	initSec := time.Since(t0).Seconds()
	// Against a clock (--time, or the default one-minute run) with no step
	// count, the clock alone ends training, as in fit image: the config's
	// default of 20,000 steps is the paper's GPU count, not a CPU limit.
	tr.Budget = f.budget
	if !set["steps"] && cfg.Train.Steps == 0 {
		tr.Steps = 0
		if tr.Budget == 0 {
			tr.Budget = defaultBudget
		}
	}
	fmt.Fprintf(stderr, "fitting %s (%d vertices, %d faces): %s encoder, %d trainable parameters, %d RBFs, %s, batch %d, %d threads, %s kernels; init %.1fs\n",
		name, len(src.V), len(src.F), m.Config.Encoder, m.TrainableParams(), m.Config.RBFs, limitText(tr.Steps, tr.Budget), m.Config.Train.Batch, f.threads, kernelsName(), initSec)
	interrupted, err := f.train(tr, m, prov, stderr)
	task.Close()
	if err != nil {
		return err
	}
	if err := writeSDFOutputs(f.out, m, task.Mesh, tr, initSec, f.threads, f.eval, prov, ph, stdout); err != nil {
		return err
	}
	if interrupted {
		return fmt.Errorf("%w after %d steps; the outputs in %s are for what was trained", errInterrupted, tr.StepsDone(), f.out)
	}
	return nil
}

// renderViewSize is the side of each view in render.png.
const renderViewSize = 384

// renderComparison writes the fitted field, sphere traced with its exact
// gradients for normals, beside the ground-truth mesh, from one camera.
func renderComparison(path string, m *field.Model, gt *mesh.Mesh, threads int) error {
	cam := render.Camera{Azimuth: 30, Elevation: 20}
	pred, err := render.RenderSDF(m.EvalGrad, cam, renderViewSize, renderViewSize, render.Shade, &render.TraceOptions{Threads: threads})
	if err != nil {
		return err
	}
	truth, err := render.RenderMesh(gt, cam, renderViewSize, renderViewSize, render.Shade, nil)
	if err != nil {
		return err
	}
	return pixels.SavePNG(path, render.SDFFigure(pred, truth))
}

// writeSDFOutputs writes the snapshot, the mesh, the picture and the
// metrics, each phase reported on ph. gt is the normalised ground-truth
// mesh.
func writeSDFOutputs(dir string, m *field.Model, gt *mesh.Mesh, tr *field.Trainer, initSec float64, threads int, e sdfEvalFlags, prov *field.Provenance, ph phases, stdout io.Writer) error {
	path := func(n string) string { return filepath.Join(dir, n) }
	hdr := field.SnapshotHeader{Steps: tr.StepsDone(), Seconds: tr.Elapsed().Seconds(), Provenance: prov}
	if err := ph.run("writing model.nrbf", func() (string, error) { return "", m.SaveWithHeader(path("model.nrbf"), hdr) }); err != nil {
		return err
	}
	f := e.field(m)
	var pred *mesh.Mesh
	err := ph.run(fmt.Sprintf("meshing (marching cubes %d³)", e.resolution), func() (string, error) {
		var err error
		pred, err = extractMesh(f, m, e.resolution)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d triangles", len(pred.F)), nil
	})
	if err != nil {
		return err
	}
	var res *sdfResult
	err = ph.run(fmt.Sprintf("scoring (IoU on %d³ and %d points, mesh metrics on %d samples)", e.evalRes, e.evalPoints, e.meshSamples), func() (string, error) {
		var err error
		res, err = sdfMetrics(f, pred, gt, e, threads)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("IoU %.4f", res.IoU), nil
	})
	if err != nil {
		return err
	}
	res.fill(m, tr, initSec, threads, prov)
	if err := ph.run("rendering render.png", func() (string, error) { return "", renderComparison(path("render.png"), m, gt, threads) }); err != nil {
		return err
	}
	err = ph.run("writing mesh.ply, metrics.json", func() (string, error) {
		if err := writeModelMesh(path("mesh.ply"), m, pred); err != nil {
			return "", err
		}
		return "", writeJSON(path("metrics.json"), res)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "IoU %.4f (inside %.4f)  NAE %s  Chamfer-L1 %s  %d steps in %.1fs (%.0f samples/s)  →  %s\n",
		res.IoU, res.IoUInside, optional(res.NAE, "%.2f°"), optional(res.Chamfer, "%.2e"), res.Steps, res.TrainSeconds, res.SamplesPerSecond, dir)
	return nil
}

// optional formats a metric that may be missing.
func optional(v *float64, format string) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf(format, *v)
}
