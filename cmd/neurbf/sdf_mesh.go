package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/cli"
	"github.com/neurbf/neurbf/sdf/band"
	"github.com/neurbf/neurbf/sdf/mc"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// extractMesh runs marching cubes on f, the field of model m, over
// [−1, 1]³ at res samples per axis; the mesh is in the normalised frame and
// may be empty when the field has no zero crossing.
func extractMesh(f mc.ScalarFunc, m *field.Model, res int) (*mesh.Mesh, error) {
	return extractMeshProgress(f, m, res, nil)
}

// extractMeshProgress is extractMesh reporting its progress as a phase on
// progress (nothing when nil).
func extractMeshProgress(f mc.ScalarFunc, m *field.Model, res int, progress io.Writer) (*mesh.Mesh, error) {
	if m.Config.Task != field.TaskSDF {
		return nil, fmt.Errorf("an %s model has no surface to mesh", m.Config.Task)
	}
	ph := cli.StartPhase(progress, fmt.Sprintf("marching cubes %d³", res), int64(res)*int64(res)*int64(res))
	pred, err := mc.Extract(counted(f, ph), mc.Options{Res: res})
	if err != nil {
		ph.Abort()
		return nil, err
	}
	ph.Done(fmt.Sprintf("%d vertices, %d triangles", len(pred.V), len(pred.F)))
	return pred, nil
}

// counted returns f, adding the number of points it evaluates to ph.
func counted(f mc.ScalarFunc, ph *cli.Phase) mc.ScalarFunc {
	if ph == nil {
		return f
	}
	return func(out, points []float32) {
		f(out, points)
		ph.Add(int64(len(out)))
	}
}

// field returns the function that evaluates m for meshing and metrics:
// its Eval, or a narrow-band approximation of it (package sdf/band) when
// the work is large enough for the band to pay (useBand).
func (e sdfEvalFlags) field(m *field.Model) mc.ScalarFunc {
	if !e.useBand(m) {
		return m.Eval
	}
	if b, ok := band.New(m.Eval, band.DefaultResolutions); ok {
		return b.Eval
	}
	return m.Eval
}

// samples is the number of points the evaluation e asks for: the
// marching-cubes grid, the IoU grid and the IoU points.
func (e sdfEvalFlags) samples() int64 {
	r, g := int64(e.resolution), int64(e.evalRes)
	return r*r*r + g*g*g + int64(e.evalPoints)
}

// useBand tells whether m is to be evaluated through a narrow band: not
// with --exact, and not when the evaluation asks for no more samples than
// the band's coarsest lattice, which is evaluated everywhere, has: the
// model is then evaluated exactly for at most the band's cost.
func (e sdfEvalFlags) useBand(m *field.Model) bool {
	c := int64(band.DefaultResolutions[0])
	return !e.exact && m.Config.Task == field.TaskSDF && e.samples() > c*c*c
}

// maxModelEvals bounds the model evaluations that mesh and eval --mesh
// make without --exact. A field far from a distance function (a barely
// trained model) defeats the narrow band, which then evaluates the model
// at nearly every sample: at the default resolutions that takes many
// minutes on two cores with no end in sight for the user, so such a run is
// refused with a message instead (docs/DECISIONS.md); --exact runs it.
const maxModelEvals = 1 << 23

// boundedField is field for the mesh and eval commands: it builds the
// narrow band (a phase on progress), estimates the model evaluations that
// e's samples will take through it, and refuses with a message naming path
// and what to do when they exceed maxModelEvals. what describes the work
// for that message ("meshing it at 256³").
func (e sdfEvalFlags) boundedField(m *field.Model, path, what string, progress io.Writer) (mc.ScalarFunc, error) {
	if !e.useBand(m) {
		return m.Eval, nil
	}
	samples := e.samples()
	ph := cli.StartCount(progress, "narrow band", "model evaluations")
	b, ok := band.New(counted(m.Eval, ph), band.DefaultResolutions)
	if !ok {
		ph.Done("the field is not distance-like: no band")
		if samples > maxModelEvals {
			return nil, fmt.Errorf("%s: the fitted field is far from a distance function (as after little training), so %s evaluates the model at all %d samples; pass --exact to do so anyway, or lower the resolutions", path, what, samples)
		}
		return m.Eval, nil
	}
	ph.Done(fmt.Sprintf("%d³ lattice, %.1f%% of its cells evaluated exactly", b.Res(), 100*b.Undecided()))
	if est := int64(b.Undecided() * float64(samples)); est > maxModelEvals {
		return nil, fmt.Errorf("%s: the fitted field is far from a distance function (as after little training): %.0f%% of the narrow band is undecided, so %s evaluates the model about %d times; pass --exact to do so anyway, or lower the resolutions", path, 100*b.Undecided(), what, est)
	}
	return b.Eval, nil
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
	return fileError(path, mesh.Write(path, out))
}

// meshFormats returns the mesh formats package mesh writes, as their
// extensions without the dot ("ply, obj, stl"), probing it (see
// checkMeshOutput) so that help follows the package.
func meshFormats() string {
	var fs []string
	for _, f := range []string{"ply", "obj", "stl", "off"} {
		if checkMeshOutput("x."+f) == nil {
			fs = append(fs, f)
		}
	}
	return strings.Join(fs, ", ")
}

// checkMeshOutput refuses an output name whose format package mesh cannot
// write, before any work: it encodes one triangle to nowhere under that
// name, so the formats accepted are exactly those mesh.Write writes.
func checkMeshOutput(path string) error {
	tri := &mesh.Mesh{V: [][3]float64{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}, F: [][3]int32{{0, 1, 2}}}
	if err := mesh.Encode(io.Discard, tri, path); err != nil {
		return fmt.Errorf("%w: %v", errUsage, fileError(path, err))
	}
	return nil
}

// fileError returns an error writing the file path (from package mesh or
// internal/atomicfile) as "<path>: <problem>": without the operation and
// the temporary file's name that an os error carries, which mean nothing
// to the user, or package mesh's "mesh: write <path>:" prefix.
func fileError(path string, err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return fmt.Errorf("%s: %w", path, pe.Err)
	case errors.As(err, &le):
		return fmt.Errorf("%s: %w", path, le.Err)
	}
	msg := err.Error()
	for _, p := range []string{"mesh: write " + path + ": ", "mesh: " + path + ": ", "mesh: "} {
		if rest, ok := strings.CutPrefix(msg, p); ok {
			return fmt.Errorf("%s: %s", path, rest)
		}
	}
	return err
}

func cmdMesh(args []string, stdout, stderr io.Writer) error {
	formats := meshFormats()
	c := newCommand("mesh", "neurbf mesh MODEL -o OUT.{"+strings.ReplaceAll(formats, " ", "")+"} [--resolution R]\n\n"+
		"Extracts the zero level set of a fitted SDF by marching cubes over [-1,1]³ and writes it\n"+
		"in the units of the mesh that was fitted. The model is evaluated in a narrow band around\n"+
		"its surface; a field too far from a distance function for the band (a barely trained\n"+
		"model) is refused unless --exact is given. Progress goes to standard error (not with -q).", stdout)
	out := c.String("o", "", "output mesh `file`, by its extension one of "+formats+", optionally followed by .gz (required)")
	res := c.Int("resolution", defaultMeshRes, "samples per axis")
	exact := c.Bool("exact", false, "evaluate the model at every sample instead of in a narrow band around its surface (much slower; no limit)")
	quiet := c.Bool("q", false, "no progress lines")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return cli.Usagef("mesh needs one MODEL and -o OUT")
	}
	if *res < 2 || *res > 4096 {
		return cli.Usagef("--resolution must be in [2, 4096], got %d", *res)
	}
	if err := checkMeshOutput(*out); err != nil {
		return err
	}
	progress := stderr
	if *quiet {
		progress = nil
	}
	m, _, err := field.Load(pos[0])
	if err != nil {
		return err
	}
	if m.Config.Task != field.TaskSDF {
		return fmt.Errorf("%s: an %s model has no surface to mesh", pos[0], m.Config.Task)
	}
	f, err := sdfEvalFlags{exact: *exact, resolution: *res}.boundedField(m, pos[0], fmt.Sprintf("meshing it at %d³", *res), progress)
	if err != nil {
		return err
	}
	pred, err := extractMeshProgress(f, m, *res, progress)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	if err := writeModelMesh(*out, m, pred); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d vertices, %d triangles)\n", *out, len(pred.V), len(pred.F))
	return nil
}

// evalSDF prints the metrics of the SDF model in modelPath against the
// mesh in meshPath as JSON on stdout, each phase's progress on progress.
func evalSDF(modelPath, meshPath string, e sdfEvalFlags, threads int, progress, stdout io.Writer) error {
	if err := e.check(); err != nil {
		return err
	}
	m, hdr, err := field.Load(modelPath)
	if err != nil {
		return err
	}
	if m.Config.Task != field.TaskSDF || m.Config.Frame == nil {
		return fmt.Errorf("%s: an %s model; eval --mesh needs an sdf model", modelPath, m.Config.Task)
	}
	src, err := mesh.Read(meshPath)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("measuring it (--resolution %d, --eval-resolution %d, --eval-points %d)", e.resolution, e.evalRes, e.evalPoints)
	f, err := e.boundedField(m, modelPath, what, progress)
	if err != nil {
		return err
	}
	pred, err := extractMeshProgress(f, m, e.resolution, progress)
	if err != nil {
		return err
	}
	res, err := sdfMetricsProgress(f, pred, m.Config.Frame.Normalize(src), e, threads, progress)
	if err != nil {
		return err
	}
	res.Encoder, res.Params, res.RBFs, res.Steps, res.TrainSeconds = m.Config.Encoder, m.TrainableParams(), m.Config.RBFs, hdr.Steps, hdr.Seconds
	return res.encode(stdout)
}
