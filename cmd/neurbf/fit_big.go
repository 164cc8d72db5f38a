package main

// What fit image adds for images of every size: the memory plan made from
// the header before anything big is allocated (--max-memory, --dry-run),
// loading at the source depth, and, for images too big for full-size
// pictures, outputs that scale: bounded previews, a Deep Zoom pyramid of
// the reconstruction, and PSNR/SSIM computed in bands.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/sysmem"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/render/deepzoom"
)

// fullSizePixels is the largest image whose outputs are full-size pictures
// held in memory; bigger ones get previews of at most previewSide pixels a
// side and a Deep Zoom pyramid. (Variables so that tests can take the big
// path with small images.)
var (
	fullSizePixels int64 = 1 << 24
	previewSide          = 2048
)

// memoryShare is the fraction of the available memory (sysmem: the
// tighter of MemAvailable and the cgroup limit) a fit plans to use by
// default, leaving room for the Go runtime's collection lag and the rest of
// the machine.
const memoryShare = 0.8

// nominalRate is the samples per second assumed when a run against the
// clock estimates how many samples it will see, to decide whether a
// per-pixel cache pays (field.PlanImage). It is a low figure for two cores,
// so that big images err towards the lean plan.
const nominalRate = 1e6

// parseBytes reads a memory size: a number of bytes with an optional unit,
// kB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024).
func parseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		scale  float64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
		{"kB", 1e3}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1}}
	scale := 1.0
	for _, u := range units {
		if v, ok := strings.CutSuffix(t, u.suffix); ok {
			t, scale = strings.TrimSpace(v), u.scale
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || !(v > 0) || v*scale > 1<<62 {
		return 0, fmt.Errorf("%w: --max-memory %q is not a positive size such as 8GB or 512MiB", errUsage, s)
	}
	return int64(v * scale), nil
}

// memoryLimit is the plan's limit: --max-memory, or memoryShare of what
// this process may use.
func memoryLimit(flag string) (int64, error) {
	if flag != "" {
		return parseBytes(flag)
	}
	m, err := sysmem.Read()
	if err != nil {
		return 0, fmt.Errorf("%w (pass --max-memory)", err)
	}
	return int64(memoryShare * float64(m.Available)), nil
}

// expectedSamples is how many samples a run will train on: its steps times
// its batch, or its time budget at nominalRate.
func expectedSamples(steps, batch int, budget float64, pixelCount int64) int64 {
	if batch <= 0 || int64(batch) > pixelCount {
		batch = int(min(pixelCount, 1<<18))
	}
	if steps > 0 {
		return int64(steps) * int64(batch)
	}
	return int64(budget * nominalRate)
}

// loadCenterCrop loads the image at path at its source depth (streamed
// where the format allows, refused when it needs more than limit bytes)
// and returns its centre crop×crop pixels, cut as pixels.CenterCrop cuts
// them: a crop of a gigapixel file costs the file's raster, not its float
// copy.
func loadCenterCrop(path string, crop int, limit int64) (*pixels.Raster, pixels.Info, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, pixels.Info{}, fmt.Errorf("%s: is a directory, not a file", path)
	}
	r, info, err := pixels.LoadRaster(path, limit)
	if err != nil {
		return nil, info, err
	}
	if crop > r.W || crop > r.H {
		return nil, info, fmt.Errorf("%w: --crop %d is larger than %s (%d×%d)", errUsage, crop, path, r.W, r.H)
	}
	return r.Crop((r.W-crop)/2, (r.H-crop)/2, crop, crop), info, nil
}

// hashFile returns the SHA-256 of the file at path, read in a stream.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// imageSource is what the training curve samples pixels from: an Image or
// a Raster.
type imageSource struct {
	w, h, c int
	at      func(dst []float32, i int)
}

func sourceOfImage(img *pixels.Image) imageSource {
	return imageSource{img.W, img.H, img.C, func(dst []float32, i int) { copy(dst, img.Pix[i*img.C:(i+1)*img.C]) }}
}

func sourceOfRaster(r *pixels.Raster) imageSource {
	return imageSource{r.W, r.H, r.C, r.Pixel}
}

// writeBigImageOutputs writes the outputs of an image too big for
// full-size pictures: model.nrbf; recon.png and compare.png as previews
// (block means of the reconstruction and of the image) and error.png as
// the error of the previews; recon.dzi with recon_files/, the full-size
// reconstruction as a Deep Zoom pyramid; curve.png and metrics.json, whose
// PSNR and SSIM are those of the whole image, computed in bands.
func writeBigImageOutputs(dir string, m *field.Model, img *pixels.Raster, tr *field.Trainer, curve *curveRecorder, initSec float64, threads int, prov *field.Provenance, ph phases, stdout io.Writer) error {
	path := func(n string) string { return filepath.Join(dir, n) }
	hdr := field.SnapshotHeader{Steps: tr.StepsDone(), Seconds: tr.Elapsed().Seconds(), Provenance: prov}
	if err := ph.run("writing model.nrbf", func() (string, error) { return "", m.SaveWithHeader(path("model.nrbf"), hdr) }); err != nil {
		return err
	}
	// One pass over the image evaluates the field once for everything:
	// each band of rows is scored, box-averaged into the previews and
	// handed to the Deep Zoom pyramid.
	dz, err := deepzoom.Create(path("recon.dzi"), img.W, img.H, img.C, deepzoom.Options{})
	if err != nil {
		return err
	}
	defer dz.Abort() // a no-op once closed
	var sr render.StreamResult
	tiles := deepzoom.Tiles(img.W, img.H, 256)
	err = ph.runCounted(fmt.Sprintf("reconstructing %d×%d pixels in bands: scoring, and writing recon.dzi, a Deep Zoom pyramid of %d tiles", img.W, img.H, tiles), int64(img.H), func(add func(int64)) (string, error) {
		var err error
		done := 0
		sr, err = render.Stream(m.Eval, img, previewSide, threads, dz.Rows, func(rows, _ int) { add(int64(rows - done)); done = rows })
		if err != nil {
			return "", err
		}
		if _, err := dz.Close(); err != nil {
			return "", err
		}
		return fmt.Sprintf("PSNR %.2f dB, SSIM %.4f", sr.PSNR, sr.SSIM), nil
	})
	if err != nil {
		return err
	}
	met := &imageResult{PSNR: sr.PSNR, SSIM: sr.SSIM, Width: img.W, Height: img.H, Channels: img.C, PreviewFactor: sr.Factor}
	met.fill(m, tr, initSec, threads, prov)
	curve.finish(tr, met.PSNR)
	met.Curve, met.CurvePixels = curve.points, curve.Pixels()
	err = ph.run(fmt.Sprintf("writing previews (1/%d scale) recon.png, error.png, compare.png, curve.png, metrics.json", sr.Factor), func() (string, error) {
		return "", writeImageFiles(dir, sr.Ref, sr.Recon, sr.Recon, curve, met)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "PSNR %.2f dB  SSIM %.4f  %d steps in %.1fs (%.0f samples/s)  →  %s (previews at 1/%d scale, full size in recon.dzi)\n",
		met.PSNR, met.SSIM, met.Steps, met.TrainSeconds, met.SamplesPerSecond, dir, sr.Factor)
	return nil
}
