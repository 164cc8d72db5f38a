// Command sdfcurve measures how an SDF fit's quality grows with training
// time: it scores each checkpoint that `neurbf fit sdf --checkpoint` wrote
// (or any snapshots of one mesh) against the mesh with the metrics of
// METHOD.md §4 (normal angle error and Chamfer-L1 of its marching-cubes
// mesh, IoU on a grid), prints a table and plots the normal angle error
// against training time.
//
//	go run ./bench/sdfcurve -mesh testdata/real/armadillo.off -o curve.png out/checkpoints/*.nrbf out/model.nrbf
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"slices"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/band"
	"github.com/neurbf/neurbf/sdf/mc"
	"github.com/neurbf/neurbf/sdf/mesh"
	"github.com/neurbf/neurbf/sdf/metrics"
)

// point is one snapshot's scores.
type point struct {
	steps                    int
	seconds                  float64
	nae, chamfer, iou, iouIn float64
}

func main() {
	meshPath := flag.String("mesh", "", "the mesh the snapshots were fitted to (required)")
	res := flag.Int("resolution", 512, "marching-cubes samples per axis")
	evalRes := flag.Int("eval-resolution", 256, "samples per axis of the IoU grid")
	samples := flag.Int("samples", 200_000, "surface samples per mesh for the mesh metrics")
	out := flag.String("o", "sdf-curve.png", "the plot (PNG)")
	flag.Parse()
	if *meshPath == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: sdfcurve -mesh MESH [-o PLOT.png] SNAPSHOT...")
		os.Exit(2)
	}
	src, err := mesh.Read(*meshPath)
	if err != nil {
		log.Fatal(err)
	}
	var pts []point
	var gt *mesh.Mesh
	var sign *field.SignField
	for _, path := range flag.Args() {
		m, h, err := field.Load(path)
		if err != nil {
			log.Fatal(err)
		}
		if m.Config.Task != field.TaskSDF || m.Config.Frame == nil {
			log.Fatalf("%s: not an SDF snapshot", path)
		}
		if gt == nil {
			gt = m.Config.Frame.Normalize(src)
			if sign, err = field.NewSignField(gt, runtime.NumCPU()); err != nil {
				log.Fatal(err)
			}
		}
		f := mc.Field(m.Eval)
		if b, ok := band.New(m.Eval, band.DefaultResolutions); ok {
			f = b.Eval
		}
		pred, err := mc.Extract(f, mc.Options{Res: *res, Concurrent: true})
		if err != nil {
			log.Fatal(err)
		}
		p := point{steps: h.Steps, seconds: h.Seconds}
		if len(pred.F) > 0 {
			s, err := metrics.CompareMeshes(pred, gt, metrics.MeshOptions{Samples: *samples, Seed: 1})
			if err != nil {
				log.Fatal(err)
			}
			p.nae, p.chamfer = s.NAE, s.Chamfer
		}
		occ, err := metrics.GridIoU(f, sign.Eval, *evalRes, metrics.EvalOptions{Concurrent: true})
		if err != nil {
			log.Fatal(err)
		}
		p.iou, p.iouIn = occ.IoUOutside(), occ.IoUInside()
		fmt.Printf("%s\tsteps %d\t%.1fs\tNAE %.2f°\tChamfer-L1 %.3e\tIoU %.5f\tinside %.5f\n", path, p.steps, p.seconds, p.nae, p.chamfer, p.iou, p.iouIn)
		pts = append(pts, p)
	}
	slices.SortFunc(pts, func(a, b point) int { return a.steps - b.steps })
	nae := render.Series{Name: "normal angle error (°)"}
	for _, p := range pts {
		nae.X = append(nae.X, p.seconds)
		nae.Y = append(nae.Y, p.nae)
	}
	if err := render.PlotCurves(*out, "NeuRBF SDF fit", "training time (s)", "NAE (degrees)", nae); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", *out)
}
