// Command sdfcurve measures how an SDF fit's quality grows with training
// time: it scores each checkpoint that `neurbf fit sdf --checkpoint` wrote
// (or any snapshots of one mesh) against the mesh with the metrics of
// docs/METHOD.md §4 (normal angle error and Chamfer-L1 of its marching-cubes
// mesh, IoU on a grid), prints a table and plots the normal angle error
// against training time. With -exact it first scores the mesh's own exact
// signed distance, meshed and sampled the same way: the floor of the
// protocol, which no fit can beat.
//
// Besides METHOD's NAE it prints the number the paper's reference code
// reports under that name (metrics.MeshScores.NAEReference), which is what
// the paper's tables hold.
//
// With -compare N it instead trains the sampling variants named by
// -variants (base is today's default; see variants in compare.go) for N steps each from one seed,
// interleaved in chunks so that a loaded machine slows them alike, saves
// them into -dir and scores them the same way, printing each one's median
// step time as a ratio to the first's: a comparison at equal steps.
//
//	go run ./bench/sdfcurve -mesh testdata/real/armadillo.off -compare 4000 -variants base,uniform -resolution 256
//
//	go run ./bench/sdfcurve -mesh testdata/real/armadillo.off -o curve.png out/checkpoints/*.nrbf out/model.nrbf
//
// A snapshot argument LABEL=PATH puts it on the curve named LABEL, so that
// one plot compares runs (the old defaults and the new, say).
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/band"
	"github.com/neurbf/neurbf/sdf/dist"
	"github.com/neurbf/neurbf/sdf/mc"
	"github.com/neurbf/neurbf/sdf/mesh"
	"github.com/neurbf/neurbf/sdf/metrics"
)

// point is one snapshot's scores.
type point struct {
	series                           string // the LABEL= of its argument, "" for none
	steps                            int
	seconds                          float64
	nae, naeRef, chamfer, iou, iouIn float64
}

func main() {
	meshPath := flag.String("mesh", "", "the mesh the snapshots were fitted to (required)")
	res := flag.Int("resolution", 512, "marching-cubes samples per axis")
	evalRes := flag.Int("eval-resolution", 256, "samples per axis of the IoU grid")
	samples := flag.Int("samples", 200_000, "surface samples per mesh for the mesh metrics")
	out := flag.String("o", "sdf-curve.png", "the plot (PNG)")
	exact := flag.Bool("exact", false, "also score the mesh's exact signed distance, meshed the same way (the protocol's floor)")
	steps := flag.Int("compare", 0, "train the -variants for this many steps each, interleaved, and score them")
	names := flag.String("variants", "base,uniform", "with -compare: the variants, comma-separated (base, uniform, sigma, both, narrow, curv)")
	chunk := flag.Int("chunk", 50, "with -compare: steps per variant between switches")
	params := flag.Int("params", 448_000, "with -compare: the parameter budget")
	seed := flag.Uint64("seed", 1, "with -compare: the seed of every variant")
	threads := flag.Int("threads", 0, "with -compare: training threads (0: all CPUs)")
	dir := flag.String("dir", "sdf-compare", "with -compare: where the trained models are written")
	flag.Parse()
	if *meshPath == "" || (flag.NArg() == 0 && !*exact && *steps == 0) {
		fmt.Fprintln(os.Stderr, "usage: sdfcurve -mesh MESH [-exact] [-o PLOT.png] [LABEL=]SNAPSHOT...")
		os.Exit(2)
	}
	src, err := mesh.Read(*meshPath)
	if err != nil {
		log.Fatal(err)
	}
	var pts []point
	var gt *mesh.Mesh
	var sign *field.SignField
	setFrame := func(fr field.Frame) {
		if gt != nil {
			return
		}
		gt = fr.Normalize(src)
		if sign, err = field.NewSignField(gt, runtime.NumCPU()); err != nil {
			log.Fatal(err)
		}
	}
	if *exact {
		_, fr := field.NormalizedCopy(src)
		setFrame(fr)
		tree, err := dist.New(gt)
		if err != nil {
			log.Fatal(err)
		}
		p := score(func(out, xyz []float32) { tree.SignedBatch(out, xyz, 1) }, gt, sign, *res, *evalRes, *samples)
		fmt.Printf("exact SDF\t\t\tNAE %.2f° (reference code's formula %.2f)\tChamfer-L1 %.3e\n", p.nae, p.naeRef, p.chamfer)
	}
	if *steps > 0 {
		if *chunk < 1 {
			log.Fatalf("-chunk must be positive, got %d", *chunk)
		}
		cfg := field.Config{Params: *params}
		cfg.Train.Seed = *seed
		compare(src, *names, *steps, *chunk, cfg, *threads, *dir, func(m *field.Model) point {
			setFrame(*m.Config.Frame)
			return score(m.Eval, gt, sign, *res, *evalRes, *samples)
		})
	}
	for _, arg := range flag.Args() {
		label, path := splitLabel(arg)
		m, h, err := field.Load(path)
		if err != nil {
			log.Fatal(err)
		}
		if m.Config.Task != field.TaskSDF || m.Config.Frame == nil {
			log.Fatalf("%s: not an SDF snapshot", path)
		}
		setFrame(*m.Config.Frame)
		p := score(m.Eval, gt, sign, *res, *evalRes, *samples)
		p.series, p.steps, p.seconds = label, h.Steps, h.Seconds
		fmt.Printf("%s\tsteps %d\t%.1fs\tNAE %.2f° (reference code's formula %.2f)\tChamfer-L1 %.3e\tIoU %.5f\tinside %.5f\n", path, p.steps, p.seconds, p.nae, p.naeRef, p.chamfer, p.iou, p.iouIn)
		pts = append(pts, p)
	}
	if len(pts) == 0 {
		return
	}
	slices.SortStableFunc(pts, func(a, b point) int { return a.steps - b.steps })
	var curves []render.Series
	for _, p := range pts {
		i := slices.IndexFunc(curves, func(s render.Series) bool { return s.Name == p.series })
		if i < 0 {
			i = len(curves)
			curves = append(curves, render.Series{Name: p.series})
		}
		curves[i].X = append(curves[i].X, p.seconds)
		curves[i].Y = append(curves[i].Y, p.nae)
	}
	if len(curves) == 1 && curves[0].Name == "" {
		curves[0].Name = "normal angle error (°)"
	}
	if err := render.PlotCurves(*out, "NeuRBF SDF fit", "training time (s)", "NAE (degrees)", curves...); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", *out)
}

// splitLabel splits a snapshot argument LABEL=PATH into the label of its
// curve and the path; an argument without "=" has no label.
func splitLabel(arg string) (label, path string) {
	if l, p, ok := strings.Cut(arg, "="); ok {
		return l, p
	}
	return "", arg
}

// score meshes the field f (in gt's frame) by marching cubes at res³,
// evaluated in a narrow band, and scores it against gt: the mesh metrics
// on samples surface samples per mesh and the IoU on an evalRes³ grid.
func score(f mc.ScalarFunc, gt *mesh.Mesh, sign *field.SignField, res, evalRes, samples int) point {
	if b, ok := band.New(f, band.DefaultResolutions); ok {
		f = b.Eval
	}
	pred, err := mc.Extract(f, mc.Options{Res: res})
	if err != nil {
		log.Fatal(err)
	}
	var p point
	if len(pred.F) > 0 {
		s, err := metrics.CompareMeshes(pred, gt, metrics.MeshOptions{Samples: samples, Seed: 1})
		if err != nil {
			log.Fatal(err)
		}
		p.nae, p.naeRef, p.chamfer = s.NAE, s.NAEReference, s.Chamfer
	}
	occ, err := metrics.GridIoU(f, sign.Eval, evalRes, metrics.EvalOptions{})
	if err != nil {
		log.Fatal(err)
	}
	p.iou, p.iouIn = occ.IoUOutside(), occ.IoUInside()
	return p
}
