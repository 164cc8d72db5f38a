//go:build viewer

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/cli"
	"github.com/neurbf/neurbf/internal/sysmem"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/sdf/mesh"
	"github.com/neurbf/neurbf/viewer"
)

// imageExts are the file extensions read as images to fit; anything else
// that is not a snapshot is read as a mesh.
var imageExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".bmp": true, ".tif": true, ".tiff": true, ".webp": true}

// view runs the viewer for one command line.
func view(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	o, pos, err := parseFlags(args, stdout)
	if err != nil {
		return err
	}
	path := pos[0]
	if _, err := os.Stat(path); err != nil {
		return err
	}
	// Read everything before asking for a display, so file errors come
	// first and the same with or without one.
	var (
		m        *field.Model
		header   field.SnapshotHeader
		gtImage  *pixels.Image
		gtRaster *pixels.Raster
		gtMesh   *mesh.Mesh
		fit      func() (*field.Trainer, func(), error)
	)
	m, header, err = field.Load(path)
	switch {
	case err == nil:
		if o.gt != "" {
			if gtImage, gtRaster, gtMesh, err = loadGT(o.gt, m, o.tiles); err != nil {
				return err
			}
		}
	case errors.Is(err, field.ErrNotSnapshot) && imageExts[strings.ToLower(filepath.Ext(path))]:
		img, err := pixels.Load(path)
		if err != nil {
			return err
		}
		if o.crop > 0 {
			if img, err = pixels.CenterCrop(img, min(o.crop, img.W), min(o.crop, img.H)); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		gtImage = img
		fit = func() (*field.Trainer, func(), error) { return fitImage(&m, img, o) }
	case errors.Is(err, field.ErrNotSnapshot):
		src, err := mesh.Read(path)
		if err != nil {
			return err
		}
		fit = func() (*field.Trainer, func(), error) { return fitMesh(&m, &gtMesh, src, o) }
	default:
		return err
	}
	// Flags that do not fit the field are refused before a window opens.
	isImage := gtImage != nil || (m != nil && m.Config.Task == field.TaskImage)
	if err := checkKind(&o, isImage, gtImage != nil || gtRaster != nil || gtMesh != nil || fit != nil); err != nil {
		return err
	}
	if fit != nil && o.tiles == "on" {
		return cli.Usagef("--tiles on applies to a fitted model; a live fit is drawn whole at each refresh")
	}

	var center [3]float64
	if o.center != "" {
		w, h := 0, 0
		if isImage {
			w, h = imageSize(m, gtImage)
		}
		if center, err = parseCenter(o.center, isImage, w, h); err != nil {
			return err
		}
		if !isImage {
			o.camera.Target = center
		}
	}
	if o.region != "" {
		w, h := imageSize(m, gtImage)
		if center, o.zoom, err = parseRegion(o.region, w, h, o.width, o.height); err != nil {
			return err
		}
	}
	if err := viewer.CheckDisplay(); err != nil {
		return err
	}
	var live *viewer.Live
	if fit != nil {
		fmt.Fprintf(stderr, "initialising the fit of %s …\n", path)
		tr, closeFit, err := fit()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer closeFit()
		live = viewer.StartLive(tr)
		defer live.Stop()
	}

	win, err := viewer.OpenWindow("neurbf-view "+filepath.Base(path), o.width, o.height, o.frames == 0)
	if err != nil {
		return err
	}
	defer win.Close()
	fmt.Fprintf(stderr, "OpenGL: %s\n", win.Renderer())
	sc := viewer.Scene{Model: m, GTImage: gtImage, GTRaster: gtRaster, GTMesh: gtMesh, Live: live, Steps: header.Steps, Seconds: header.Seconds}
	st, err := viewer.Run(win, sc, viewer.Options{
		Width: o.width, Height: o.height, Mode: o.mode, Camera: o.camera,
		SliceAxis: o.sliceAxis, SlicePos: o.slicePos, Split: o.split, Zoom: o.zoom, Center: [2]float64{center[0], center[1]},
		Tiles: o.tiles, TileCache: int64(o.tileCache) << 20,
		Screenshot: o.screenshot, Frames: o.frames, Bake: o.bake, LiveBake: o.liveBake,
		ShowRBF: o.rbf, ShowMesh: o.mesh, HideHUD: o.hideHUD, NoLowRes: o.noLowRes, SavePath: o.save,
		Threads: o.threads, Log: stderr,
	})
	if err != nil {
		return err
	}
	if o.frames > 0 {
		frames := fmt.Sprintf("%d frames", len(st.FrameTimes))
		if len(st.FrameTimes) == 1 {
			frames = "1 frame"
		}
		refresh := fmt.Sprintf("last refresh (bake or reconstruction) %.0f ms", st.Refresh.Seconds()*1e3)
		if st.Samples > 0 {
			refresh = fmt.Sprintf("the field evaluated at %d points, in tiles", st.Samples)
		}
		fmt.Fprintf(stderr, "%s at %d×%d: median %.2f ms; %s; wrote %s\n",
			frames, o.width, o.height, st.MedianFrame().Seconds()*1e3, refresh, o.screenshot)
	}
	if live == nil {
		return nil
	}
	if err := live.Stop(); err != nil {
		return err
	}
	return onClose(live, o, stdin, stderr)
}

// onClose applies --on-close to a live-trained model: nothing is saved
// or dropped silently.
func onClose(live *viewer.Live, o options, stdin io.Reader, stderr io.Writer) error {
	save := o.onClose == "save"
	if o.onClose == "ask" {
		if f, ok := stdin.(*os.File); !ok || !isTerminal(f) {
			fmt.Fprintf(stderr, "the trained model was not saved: no terminal to ask on (pass --on-close save or discard)\n")
			return nil
		}
		fmt.Fprintf(stderr, "save the trained model to %s? [y/N] ", o.save)
		line, _ := bufio.NewReader(stdin).ReadString('\n')
		save = strings.HasPrefix(strings.ToLower(strings.TrimSpace(line)), "y")
	}
	if !save {
		fmt.Fprintln(stderr, "the trained model was discarded")
		return nil
	}
	if err := live.Save(o.save); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "saved", o.save)
	return nil
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// loadGT reads the ground truth of model m: an image of the model's size,
// or a mesh mapped into the model's frame. An image over
// viewer.TiledAbove pixels shown in tiles (tiles not "off") is read at its
// source depth (a raster of 1 or 2 bytes a sample, not 4), refused before
// decoding when it would not fit in memory.
func loadGT(path string, m *field.Model, tiles string) (*pixels.Image, *pixels.Raster, *mesh.Mesh, error) {
	if m.Config.Task == field.TaskImage {
		c := m.Config
		sizeErr := func(w, h int) error {
			return fmt.Errorf("%s: ground truth is %d×%d, the model was fitted to %d×%d (crop it the same way)", path, w, h, c.Width, c.Height)
		}
		if tiles != "off" && int64(c.Width)*int64(c.Height) > viewer.TiledAbove {
			hd, err := pixels.Probe(path)
			if err != nil {
				return nil, nil, nil, err
			}
			if hd.W != c.Width || hd.H != c.Height {
				return nil, nil, nil, sizeErr(hd.W, hd.H)
			}
			limit := int64(0)
			if mem, err := sysmem.Read(); err == nil {
				limit = mem.Available / 2 // the rest for the tiles and the model
			}
			r, _, err := pixels.LoadRaster(path, limit)
			return nil, r, nil, err
		}
		img, err := pixels.Load(path)
		if err != nil {
			return nil, nil, nil, err
		}
		if img.W != c.Width || img.H != c.Height {
			return nil, nil, nil, sizeErr(img.W, img.H)
		}
		return img, nil, nil, nil
	}
	src, err := mesh.Read(path)
	if err != nil {
		return nil, nil, nil, err
	}
	if m.Config.Frame == nil {
		nm, _ := field.NormalizedCopy(src)
		return nil, nil, nm, nil
	}
	return nil, nil, m.Config.Frame.Normalize(src), nil
}

// imageSize returns the size of the image field: the model's, or for a
// live fit (no model yet) the image's.
func imageSize(m *field.Model, img *pixels.Image) (int, int) {
	if m != nil {
		return m.Config.Width, m.Config.Height
	}
	return img.W, img.H
}
