package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// sdfViewFlags are render's flags for SDF snapshots.
type sdfViewFlags struct {
	mode      string
	camera    string
	turntable int
	gt        string
}

// defaultSDFView is the side of an SDF picture when --width and --height
// are not given.
const defaultSDFView = 512

// parseCamera reads "az,el" or "az,el,dist" (degrees, degrees, distance
// from the origin).
func parseCamera(s string) (render.Camera, error) {
	parts := strings.Split(s, ",")
	if len(parts) < 2 || len(parts) > 3 {
		return render.Camera{}, fmt.Errorf("%w: --camera wants az,el or az,el,dist, got %q", errUsage, s)
	}
	var v [3]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return render.Camera{}, fmt.Errorf("%w: --camera %q: %q is not a number", errUsage, s, p)
		}
		v[i] = f
	}
	cam := render.Camera{Azimuth: v[0], Elevation: v[1], Distance: v[2]}
	if err := cam.Validate(); err != nil {
		return render.Camera{}, fmt.Errorf("%w: --camera %q: %v", errUsage, s, err)
	}
	return cam, nil
}

// renderSDFModel draws the SDF model m (loaded from path) as f asks: one
// view or a turntable strip of views, sphere-traced with the model's exact
// gradients for normals, each beside the ground-truth mesh when f.gt is
// set. w and h are one view's size.
func renderSDFModel(m *field.Model, f sdfViewFlags, w, h, threads int) (*pixels.Image, error) {
	mode, err := render.ParseMode(f.mode)
	if err != nil {
		return nil, fmt.Errorf("%w: --mode: %s", errUsage, strings.TrimPrefix(err.Error(), "render: "))
	}
	cam, err := parseCamera(f.camera)
	if err != nil {
		return nil, err
	}
	var gt *mesh.Mesh
	if f.gt != "" {
		src, err := mesh.Read(f.gt)
		if err != nil {
			return nil, err
		}
		gt = src
		if m.Config.Frame != nil {
			gt = m.Config.Frame.Normalize(src)
		}
	}
	rd := &render.TraceOptions{Threads: threads}
	view := func(c render.Camera) (*pixels.Image, error) {
		pred, err := render.RenderSDF(m.EvalGrad, c, w, h, mode, rd)
		if err != nil || gt == nil {
			return pred, err
		}
		truth, err := render.RenderMesh(gt, c, w, h, mode, nil)
		if err != nil {
			return nil, err
		}
		return pixels.FromImage(render.Side(pixels.ToNRGBA(pred), pixels.ToNRGBA(truth))), nil
	}
	var pic *pixels.Image
	if f.turntable > 0 {
		pic, err = render.Turntable(cam, f.turntable, view)
	} else {
		pic, err = view(cam)
	}
	if err != nil || mode != render.Depth {
		return pic, err
	}
	// A depth picture needs its legend: which colour is how far. Turntable
	// views orbit at one distance, so one bar serves them all.
	near, far := cam.DepthRange()
	return pixels.FromImage(render.Side(pixels.ToNRGBA(pic), render.DepthBar(near, far, pic.H))), nil
}
