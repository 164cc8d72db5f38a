// Command fit-sdf fits a NeuRBF model to the signed distance field of a
// triangle mesh with the library directly, without the CLI: read a mesh,
// build the model and the sampling task, train against the clock, then
// extract the surface by marching cubes, score it against the input and
// draw the fit beside the mesh.
//
//	go run ./examples/fit-sdf [MESH]
package main

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"runtime"
	"time"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/mc"
	"github.com/neurbf/neurbf/sdf/mesh"
	"github.com/neurbf/neurbf/sdf/metrics"
)

func main() {
	// 1. The mesh: a file (PLY, OBJ, STL or OFF, gzipped or not) or the
	// built-in bunny.
	var src *mesh.Mesh
	var err error
	if len(os.Args) > 1 {
		src, err = mesh.Read(os.Args[1])
	} else {
		src, err = mesh.Decode(bytes.NewReader(assets.Bunny), "bunny.obj")
	}
	if err != nil {
		log.Fatal(err)
	}

	// 2. The model: zero config fields are the defaults (docs/METHOD.md, with
	// the CPU schedule of field.Config); NewSDFModel normalises a copy of
	// the mesh into [−1, 1]³ and places the RBFs on its surface.
	threads := runtime.NumCPU()
	m, err := field.NewSDFModel(field.Config{Params: 200_000}, src)
	if err != nil {
		log.Fatal(err)
	}

	// 3. Training: each step draws surface, near-surface and uniform
	// samples 4 : 3 : 1 with exact signed distances; the task refreshes its
	// pool in the background until Close.
	task, err := field.NewSDFTask(m.Config, src, field.SDFTaskOptions{Threads: threads})
	if err != nil {
		log.Fatal(err)
	}
	defer task.Close()
	tr, err := field.NewTrainer(m, task, threads)
	if err != nil {
		log.Fatal(err)
	}
	defer tr.Close()
	tr.Steps, tr.Budget = 0, 45*time.Second // the learning rates decay with the clock
	if err := tr.Run(context.Background()); err != nil {
		log.Fatal(err)
	}
	task.Close()
	fmt.Printf("%d parameters, %d RBFs: %d steps in %.1fs\n", m.TrainableParams(), m.Config.RBFs, tr.StepsDone(), tr.Elapsed().Seconds())

	// 4. The surface: marching cubes of the field over [−1, 1]³ (a watertight
	// mesh in the normalised frame), scored against the normalised input.
	pred, err := mc.Extract(m.Eval, mc.Options{Res: 160})
	if err != nil {
		log.Fatal(err)
	}
	s, err := metrics.CompareMeshes(pred, task.Mesh, metrics.MeshOptions{Samples: 100_000})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("normal angle error %.2f°, Chamfer-L1 %.2e, %d triangles\n", s.NAE, s.Chamfer, len(pred.F))

	// 5. A picture: the field sphere-traced with exact normals (the
	// gradient by back-propagation), beside the input mesh.
	cam := render.Camera{Azimuth: 30, Elevation: 20}
	fit, err := render.RenderSDF(m.EvalGrad, cam, 320, 320, render.Shade, nil)
	if err != nil {
		log.Fatal(err)
	}
	truth, err := render.RenderMesh(task.Mesh, cam, 320, 320, render.Shade, nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := pixels.SavePNG("fit-sdf.png", render.SDFFigure(fit, truth)); err != nil {
		log.Fatal(err)
	}
	if err := m.Save("fit-sdf.nrbf", tr.StepsDone(), tr.Elapsed().Seconds()); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote fit-sdf.png and fit-sdf.nrbf")
}
