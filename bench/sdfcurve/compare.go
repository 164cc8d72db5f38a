package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// variant is one way of training an SDF that -compare measures.
type variant struct {
	name string
	task field.SDFTaskOptions
	init field.SDFInit
}

// variants are the sampling schedules and centre placements -compare knows
// (issue #16); base is today's default, paper the default before
// DefaultNearSigma (σ = 0.01 throughout); nsig is the same as base.
var variants = []variant{
	{name: "base"},
	{name: "paper", task: field.SDFTaskOptions{NearSigma: 0.01}},
	{name: "uniform", task: field.SDFTaskOptions{Shift: -1, UniformEnd: 1.0 / 16}},
	{name: "sigma", task: field.SDFTaskOptions{Shift: -1, SigmaEnd: 0.0033}},
	{name: "both", task: field.SDFTaskOptions{Shift: -1, UniformEnd: 1.0 / 16, SigmaEnd: 0.0033}},
	{name: "narrow", task: field.SDFTaskOptions{Shift: 1, SigmaEnd: 0.0033}},
	{name: "curv", init: field.SDFInit{Curvature: 2}},
	{name: "nsig", task: field.SDFTaskOptions{NearSigma: 0.0033}},
	{name: "imp", task: field.SDFTaskOptions{Importance: 0.5}},
	{name: "impall", task: field.SDFTaskOptions{Importance: 1}},
	{name: "nsigimp", task: field.SDFTaskOptions{NearSigma: 0.0033, Importance: 0.5}},
	{name: "simp", task: field.SDFTaskOptions{Importance: 0.5, SurfaceImportance: 0.25}},
	{name: "nsig2", task: field.SDFTaskOptions{NearSigma: 0.002}},
	{name: "sw2", task: field.SDFTaskOptions{SurfaceWeight: 2}},
}

// runner is one variant's model, task and trainer.
type runner struct {
	variant
	m     *field.Model
	task  *field.SDFTask
	tr    *field.Trainer
	times []float64 // seconds per chunk
}

// compare trains the named variants for steps steps each on src, in
// interleaved chunks of chunk steps (A, B, A, B, …) so that they see the
// same machine load, writes each model to dir/NAME.nrbf and scores it.
// A variant's Shift of −1 means "the whole run".
func compare(src *mesh.Mesh, names string, steps, chunk int, cfg field.Config, threads int, dir string, sc func(m *field.Model) point) {
	var rs []*runner
	for _, name := range strings.Split(names, ",") {
		i := slices.IndexFunc(variants, func(v variant) bool { return v.name == name })
		if i < 0 {
			log.Fatalf("-variants: unknown variant %q", name)
		}
		v := variants[i]
		if v.task.Shift < 0 {
			v.task.Shift = steps
		}
		v.task.Threads = threads
		c := cfg
		c.Train.Steps = steps
		m, err := field.NewSDFModelInit(c, src, v.init)
		if err != nil {
			log.Fatal(err)
		}
		task, err := field.NewSDFTask(m.Config, src, v.task)
		if err != nil {
			log.Fatal(err)
		}
		tr, err := field.NewTrainer(m, task, threads)
		if err != nil {
			log.Fatal(err)
		}
		rs = append(rs, &runner{variant: v, m: m, task: task, tr: tr})
	}
	fmt.Printf("%d trainable parameters, %d RBFs, batch %d, %d steps, chunks of %d, %d threads\n",
		rs[0].m.TrainableParams(), rs[0].m.Config.RBFs, rs[0].m.Config.Train.Batch, steps, chunk, threads)
	for done := 0; done < steps; done += chunk {
		n := min(chunk, steps-done)
		for _, r := range rs {
			t0 := time.Now()
			for range n {
				r.tr.Step()
			}
			r.times = append(r.times, time.Since(t0).Seconds()/float64(n))
		}
		if done/chunk%10 == 0 {
			fmt.Fprintf(os.Stderr, "step %d/%d\n", done+n, steps)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, r := range rs {
		r.task.Close()
		r.tr.Close()
		path := filepath.Join(dir, r.name+".nrbf")
		h := field.SnapshotHeader{Steps: r.tr.StepsDone(), Seconds: r.tr.Elapsed().Seconds()}
		if err := r.m.SaveWithHeader(path, h); err != nil {
			log.Fatal(err)
		}
		p := sc(r.m)
		ratio := make([]float64, len(r.times))
		for i, t := range r.times {
			ratio[i] = t / rs[0].times[i]
		}
		fmt.Printf("%s\tsteps %d\tstep %.1f ms (median; %.3f× %s's)\tNAE %.2f° (reference code's formula %.2f)\tChamfer-L1 %.3e\tIoU %.5f\tinside %.5f\n",
			r.name, r.tr.StepsDone(), 1e3*median(r.times), median(ratio), rs[0].name, p.nae, p.naeRef, p.chamfer, p.iou, p.iouIn)
	}
}

// median is the median of xs (xs is sorted in place).
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
