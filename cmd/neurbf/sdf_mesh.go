package main

import (
	"fmt"
	"io"
	"runtime"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/sdf/band"
	"github.com/neurbf/neurbf/sdf/mc"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// extractMesh runs marching cubes on f, the field of model m, over
// [−1, 1]³ at res samples per axis; the mesh is in the normalised frame and
// may be empty when the field has no zero crossing.
func extractMesh(f mc.ScalarFunc, m *field.Model, res int) (*mesh.Mesh, error) {
	if m.Config.Task != field.TaskSDF {
		return nil, fmt.Errorf("a %s model has no surface to mesh", m.Config.Task)
	}
	return mc.Extract(f, mc.Options{Res: res, Concurrent: true})
}

// field returns the function that evaluates m for meshing and metrics:
// its Eval, or a narrow-band approximation of it (package sdf/band).
func (e sdfEvalFlags) field(m *field.Model) mc.ScalarFunc {
	if e.exact || m.Config.Task != field.TaskSDF {
		return m.Eval
	}
	if b, ok := band.New(m.Eval, band.DefaultResolutions); ok {
		return b.Eval
	}
	return m.Eval
}

// writeModelMesh writes pred (normalised frame) to path in the input's
// units.
func writeModelMesh(path string, m *field.Model, pred *mesh.Mesh) error {
	if len(pred.F) == 0 {
		return fmt.Errorf("%s: the fitted field has no zero level set in [-1,1]³: no surface to write", path)
	}
	out := &mesh.Mesh{V: append([][3]float64(nil), pred.V...), F: pred.F}
	if m.Config.Frame != nil {
		m.Config.Frame.Denormalize(out)
	}
	return mesh.Write(path, out)
}

func cmdMesh(args []string, stdout, stderr io.Writer) error {
	c := newCommand("mesh", "neurbf mesh MODEL -o OUT.{ply,obj,stl} [--resolution R]\n\n"+
		"Extracts the zero level set of a fitted SDF by marching cubes over [-1,1]³ and writes it\n"+
		"in the units of the mesh that was fitted.", stdout)
	out := c.String("o", "", "output mesh `file`: .ply, .obj or .stl, optionally .gz (required)")
	res := c.Int("resolution", defaultMeshRes, "samples per axis")
	exact := c.Bool("exact", false, "evaluate the model at every sample instead of in a narrow band around its surface (much slower)")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return fmt.Errorf("%w: mesh needs one MODEL and -o OUT", errUsage)
	}
	if *res < 2 || *res > 4096 {
		return fmt.Errorf("%w: --resolution must be in [2, 4096], got %d", errUsage, *res)
	}
	m, _, err := field.Load(pos[0])
	if err != nil {
		return err
	}
	pred, err := extractMesh(sdfEvalFlags{exact: *exact}.field(m), m, *res)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	if err := writeModelMesh(*out, m, pred); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d vertices, %d triangles)\n", *out, len(pred.V), len(pred.F))
	return nil
}

// wantsMeshEval tells whether an eval command line names a --mesh, which
// makes it an SDF evaluation.
func wantsMeshEval(args []string) bool {
	for _, a := range args {
		switch {
		case a == "--":
			return false
		case a == "-mesh" || a == "--mesh" || len(a) > 6 && (a[:6] == "-mesh=" || len(a) > 7 && a[:7] == "--mesh="):
			return true
		}
	}
	return false
}

func cmdEvalSDF(args []string, stdout, stderr io.Writer) error {
	var e sdfEvalFlags
	c := newCommand("eval", "neurbf eval MODEL --mesh PATH\n\n"+
		"Measures a fitted SDF against a mesh (docs/METHOD.md §4, in the normalised frame) and prints\n"+
		"IoU, NAE, Chamfer-L1, normal consistency and F-scores as JSON.", stdout)
	path := c.String("mesh", "", "ground-truth mesh `file` (required)")
	threads := c.Int("threads", runtime.NumCPU(), "worker goroutines")
	addEvalFlags(c, &e)
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *path == "" {
		return fmt.Errorf("%w: eval needs one MODEL and --mesh PATH", errUsage)
	}
	if *threads < 1 {
		return fmt.Errorf("%w: --threads must be at least 1, got %d", errUsage, *threads)
	}
	if err := e.check(); err != nil {
		return err
	}
	m, hdr, err := field.Load(pos[0])
	if err != nil {
		return err
	}
	if m.Config.Task != field.TaskSDF || m.Config.Frame == nil {
		return fmt.Errorf("%s: a %s model; eval --mesh needs an sdf model", pos[0], m.Config.Task)
	}
	src, err := mesh.Read(*path)
	if err != nil {
		return err
	}
	f := e.field(m)
	pred, err := extractMesh(f, m, e.resolution)
	if err != nil {
		return err
	}
	res, err := sdfMetrics(f, pred, m.Config.Frame.Normalize(src), e, *threads)
	if err != nil {
		return err
	}
	res.Encoder, res.Params, res.RBFs, res.Steps, res.TrainSeconds = m.Config.Encoder, m.TrainableParams(), m.Config.RBFs, hdr.Steps, hdr.Seconds
	return res.encode(stdout)
}
