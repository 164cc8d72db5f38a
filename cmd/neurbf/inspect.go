package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/atomicfile"
	"github.com/neurbf/neurbf/internal/cli"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// sdfOnlyRenderFlags are render's flags that only mean something for an
// SDF model; render refuses them for an image model.
var sdfOnlyRenderFlags = []string{"mode", "camera", "turntable", "gt"}

func cmdRender(args []string, stdout, stderr io.Writer) error {
	c := newCommand("render", "neurbf render MODEL -o OUT.{png,jpg} [--region X,Y,W,H] [--width W --height H | --scale S]\n"+
		"       neurbf render SDF-MODEL -o OUT.{png,jpg} [--width W --height H] [--mode M] [--camera az,el[,dist]] [--turntable N] [--gt MESH]\n\n"+
		"Reconstructs a fitted image from its snapshot at any resolution: the field is\n"+
		"continuous, so --scale 4 shows reconstructed detail, not magnified pixels;\n"+
		"--region draws only a window of it, so any part of a gigapixel field can be\n"+
		"looked at without drawing the rest.\n"+
		"An SDF snapshot is sphere-traced with its exact normals from an orbit camera\n"+
		"(one view of --width×--height, default 512×512, or a turntable strip of N views),\n"+
		"each beside the ground-truth mesh when --gt is given.\n"+
		"The output's format follows its extension: PNG (.png) or JPEG (.jpg, .jpeg).", stdout)
	out := c.String("o", "", "output image `file`, .png or .jpg (required)")
	w := c.Int("width", 0, "output width in pixels (image models default to the fitted width times --scale; SDF views to 512)")
	h := c.Int("height", 0, "output height in pixels (default: from --width and the fitted aspect ratio, or 512 for SDF views)")
	scale := c.Float64("scale", 1, "image models: size relative to the fitted image (not with --width or --height)")
	threads := c.Int("threads", runtime.NumCPU(), "worker goroutines (0: all CPUs)")
	region := c.String("region", "", "image models: draw only the window `X,Y,W,H` of the fitted image, in its pixels (column, row, width, height); --scale and --width/--height then size the window")
	var sv sdfViewFlags
	c.StringVar(&sv.mode, "mode", "shade", "SDF models: the shading `mode`: shade, normals or depth")
	c.StringVar(&sv.camera, "camera", "30,20", "SDF models: orbit camera `az,el[,dist]` in degrees (distance default 3)")
	c.IntVar(&sv.turntable, "turntable", 0, "SDF models: a strip of `N` views around the vertical axis (0: one view)")
	c.StringVar(&sv.gt, "gt", "", "SDF models: ground-truth `mesh` drawn beside each view")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	set := c.Given()
	if len(pos) != 1 || *out == "" {
		return cli.Usagef("render needs one MODEL and -o OUT.png")
	}
	if _, err := imageFormat(*out); err != nil {
		return err
	}
	if set["scale"] && (set["width"] || set["height"]) {
		return cli.Usagef("render: give --width/--height or --scale, not both")
	}
	if sv.turntable < 0 || sv.turntable > 360 {
		return cli.Usagef("render: --turntable must be in [0, 360], got %d", sv.turntable)
	}
	if *scale <= 0 || *w < 0 || *h < 0 || *threads < 0 {
		return cli.Usagef("render: --scale must be positive, and --width, --height and --threads not negative")
	}
	m, _, err := field.Load(pos[0])
	if err != nil {
		return err
	}
	var img image.Image
	switch m.Config.Task {
	case field.TaskSDF:
		if set["region"] {
			return cli.Usagef("render: --region applies to image models; %s is an SDF model", pos[0])
		}
		if set["scale"] {
			return cli.Usagef("render: --scale applies to image models; %s is an SDF model (use --width and --height)", pos[0])
		}
		W, H := cmp.Or(*w, *h, defaultSDFView), cmp.Or(*h, *w, defaultSDFView)
		if W*H > 1<<26 {
			return cli.Usagef("render: view size %d×%d is out of range", W, H)
		}
		if views := max(sv.turntable, 1) * (1 + b2i(sv.gt != "")); views*W*H > 1<<28 {
			return cli.Usagef("render: %d views of %d×%d make a picture too large; lower --turntable or the view size", views, W, H)
		}
		pic, err := renderSDFModel(m, sv, W, H, *threads)
		if err != nil {
			return err
		}
		img = pic
	case field.TaskImage:
		for _, name := range sdfOnlyRenderFlags {
			if set[name] {
				return cli.Usagef("render: --%s applies to SDF models; %s is an image model", name, pos[0])
			}
		}
		win := [4]int{0, 0, m.Config.Width, m.Config.Height}
		if set["region"] {
			if win, err = parseRegion(*region, m.Config.Width, m.Config.Height, pos[0]); err != nil {
				return err
			}
		}
		W, H := *w, *h
		switch {
		case W == 0 && H == 0:
			W, H = int(float64(win[2])**scale+0.5), int(float64(win[3])**scale+0.5)
		case W == 0:
			W = int(float64(H)*float64(win[2])/float64(win[3]) + 0.5)
		case H == 0:
			H = int(float64(W)*float64(win[3])/float64(win[2]) + 0.5)
		}
		if W < 1 || H < 1 || W*H > 1<<28 {
			return cli.Usagef("render: output size %d×%d is out of range", W, H)
		}
		r, err := render.PixelWindow(m.Config.Width, m.Config.Height, win[0], win[1], win[2], win[3])
		if err != nil {
			return err
		}
		pic, err := render.ReconstructRegion(m.Eval, r, W, H, m.Config.Channels, *threads)
		if err != nil {
			return err
		}
		img = pic
	default:
		return fmt.Errorf("%s: an %s model; render draws image and sdf models", pos[0], m.Config.Task)
	}
	if err := saveImage(*out, img); err != nil {
		return err
	}
	b := img.Bounds()
	fmt.Fprintf(stdout, "wrote %s (%d×%d)\n", *out, b.Dx(), b.Dy())
	return nil
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// jpegQuality is the quality of render's JPEG output: high, since the
// point of a render is to show the field's detail.
const jpegQuality = 95

// imageFormat returns the format an output file's extension names, "png"
// or "jpeg", or a usage error for any other extension.
func imageFormat(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		return "png", nil
	case ".jpg", ".jpeg":
		return "jpeg", nil
	}
	return "", cli.Usagef("%s: unknown image format %q (want .png, .jpg or .jpeg)", path, filepath.Ext(path))
}

// saveImage writes img to path, atomically, in the format its extension
// names (imageFormat).
func saveImage(path string, img image.Image) error {
	format, err := imageFormat(path)
	if err != nil {
		return err
	}
	if format == "png" {
		return pixels.SavePNG(path, img)
	}
	if p, ok := img.(*pixels.Image); ok {
		img = pixels.ToImage(p)
	}
	err = atomicfile.Write(path, func(w io.Writer) error {
		return jpeg.Encode(w, img, &jpeg.Options{Quality: jpegQuality})
	})
	return fileError(path, err)
}

// imageOnlyEvalFlags and meshOnlyEvalFlags are eval's flags for one kind
// of ground truth; eval refuses them with the other.
var (
	imageOnlyEvalFlags = []string{"crop"}
	meshOnlyEvalFlags  = []string{"resolution", "eval-resolution", "eval-points", "mesh-samples", "exact"}
)

// cmdEval is `neurbf eval`: one command, one help, for both kinds of
// ground truth; --image or --mesh selects the evaluation.
func cmdEval(args []string, stdout, stderr io.Writer) error {
	var e sdfEvalFlags
	c := newCommand("eval", "neurbf eval MODEL --image PATH [--crop N]\n"+
		"       neurbf eval MODEL --mesh PATH [flags]\n\n"+
		"Measures a fitted model against its ground truth and prints the result as JSON.\n"+
		"An image model is reconstructed at the image's size (which must be the size it was\n"+
		"fitted at) for PSNR and SSIM (docs/METHOD.md §4). An SDF model is measured against a\n"+
		"mesh in the normalised frame: IoU, NAE, Chamfer-L1, normal consistency and F-scores.\n"+
		"Each long phase reports its progress on standard error (not with -q).", stdout)
	imgPath := c.String("image", "", "image models: the ground-truth image `file`")
	crop := c.Int("crop", 0, "image models: compare against the centre `N`×N crop, as fitted with fit --crop N")
	meshPath := c.String("mesh", "", "SDF models: the ground-truth mesh `file`")
	threads := c.Int("threads", runtime.NumCPU(), "worker goroutines (0: all CPUs)")
	quiet := c.Bool("q", false, "no progress lines")
	addEvalFlags(c, &e)
	for _, name := range meshOnlyEvalFlags {
		f := c.Lookup(name)
		f.Usage = "SDF models: " + f.Usage
	}
	c.Lookup("exact").Usage += "; also lifts the limit on model evaluations that refuses a field too far from a distance function for the band"
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	set := c.Given()
	switch {
	case len(pos) != 1 || *imgPath == "" && *meshPath == "":
		return cli.Usagef("eval needs one MODEL and --image PATH or --mesh PATH")
	case *imgPath != "" && *meshPath != "":
		return cli.Usagef("eval: give --image or --mesh, not both")
	case *threads < 0:
		return cli.Usagef("eval: --threads must not be negative (0: all CPUs), got %d", *threads)
	}
	progress := stderr
	if *quiet {
		progress = nil
	}
	if *meshPath != "" {
		for _, name := range imageOnlyEvalFlags {
			if set[name] {
				return cli.Usagef("eval: --%s applies to eval --image", name)
			}
		}
		return evalSDF(pos[0], *meshPath, e, *threads, progress, stdout)
	}
	for _, name := range meshOnlyEvalFlags {
		if set[name] {
			return cli.Usagef("eval: --%s applies to eval --mesh", name)
		}
	}
	if *crop < 0 {
		return cli.Usagef("eval: --crop must not be negative, got %d", *crop)
	}
	return evalImage(pos[0], *imgPath, *crop, *threads, stdout, stderr, progress)
}

// evalImage prints the PSNR and SSIM of the image model in modelPath
// against the image in imgPath (its centre crop×crop pixels when crop > 0),
// refusing an image whose size is not the one the model was fitted at.
func evalImage(modelPath, imgPath string, crop, threads int, stdout, stderr, progress io.Writer) error {
	m, hdr, err := field.Load(modelPath)
	if err != nil {
		return err
	}
	if m.Config.Task != field.TaskImage {
		return fmt.Errorf("%s: an %s model; eval --image needs an image model", modelPath, m.Config.Task)
	}
	var (
		img *pixels.Image
		gt  *pixels.Raster
	)
	if imgPath == "" { // the built-in photo
		if img, _, err = loadFitImage(nil, crop, stderr); err != nil {
			return err
		}
	} else {
		// At the source depth, and a crop cut from that, so that a
		// gigapixel image costs its raster.
		limit, err := memoryLimit("")
		if err != nil {
			return err
		}
		var info pixels.Info
		if crop > 0 {
			gt, info, err = loadCenterCrop(imgPath, crop, limit)
		} else {
			gt, info, err = pixels.LoadRaster(imgPath, limit)
		}
		if err != nil {
			return err
		}
		if info.AlphaIgnored {
			fmt.Fprintf(stderr, "note: %s has an alpha channel; it is ignored and the stored colour is compared\n", imgPath)
		}
	}
	w, h, c := 0, 0, 0
	if img != nil {
		w, h, c = img.W, img.H, img.C
	} else {
		w, h, c = gt.W, gt.H, gt.C
	}
	if err := checkEvalSize(imgPath, w, h, crop, m); err != nil {
		return err
	}
	if c != m.Config.Channels {
		return fmt.Errorf("%s has %d channel(s), the model %d", imgPath, c, m.Config.Channels)
	}
	tl := m.Tiling()
	tiled := tl != nil && tl.Grid.Count() >= 2
	if img == nil && int64(w)*int64(h) > fullSizePixels {
		// Too big to hold twice as floats: scored in bands of rows.
		return evalBig(m, hdr, gt, tiled, threads, stdout, progress)
	}
	if img == nil {
		img = gt.ToImage()
	}
	rec := reconstruct(m, img.W, img.H, threads)
	res, err := imageMetrics(rec, img)
	if err != nil {
		return err
	}
	res.Encoder, res.Params, res.RBFs, res.Steps, res.TrainSeconds = m.Config.Encoder, m.TrainableParams(), m.Config.RBFs, hdr.Steps, hdr.Seconds
	if !tiled {
		return cli.WriteJSON(stdout, res)
	}
	// A merged model: also the error along its tile borders against the
	// tiles' interiors (field.Seams).
	s, err := tl.Grid.Seams(img, rec)
	if err != nil {
		return fmt.Errorf("%s: %w", modelPath, err)
	}
	return writeTiledResult(stdout, res, tl.Grid, s)
}

// writeTiledResult prints the metrics of a merged model: the image's, its
// grid and its seams.
func writeTiledResult(stdout io.Writer, res *imageResult, g field.TileGrid, s field.Seams) error {
	return cli.WriteJSON(stdout, struct {
		*imageResult
		Tiles string `json:"tiles"`
		field.Seams
	}{res, g.String(), s})
}

// checkEvalSize refuses a ground-truth image (after its crop) whose size
// differs from the one the model was fitted at: the reconstruction would be
// compared with a different picture and give a meaningless PSNR. When a
// centre crop would match, the message says so.
func checkEvalSize(path string, w, h, crop int, m *field.Model) error {
	W, H := m.Config.Width, m.Config.Height
	if w == W && h == H {
		return nil
	}
	what := fmt.Sprintf("%s is %d×%d", path, w, h)
	if crop > 0 {
		what = fmt.Sprintf("the centre %d×%d crop of %s", w, h, path)
	}
	hint := ""
	if crop == 0 && W == H && W < w && H < h {
		hint = fmt.Sprintf(" (if it was fitted with --crop %d, pass --crop %d)", W, W)
	}
	return fmt.Errorf("%s, but the model was fitted at %d×%d: it must be measured against the image it was fitted to%s", what, W, H, hint)
}

func cmdInfo(args []string, stdout, stderr io.Writer) error {
	c := newCommand("info", "neurbf info MODEL [--json]\n\n"+
		"Describes a snapshot: its format version, the steps it was trained against the steps\n"+
		"its schedule was configured for, its trainable parameters per optimiser group (and the\n"+
		"frozen values, which are not trained and not counted), and its config.\n"+
		"Text by default; --json prints the same as one JSON document.", stdout)
	asJSON := c.JSONFlag()
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return cli.Usagef("info needs one MODEL")
	}
	m, hdr, err := field.Load(pos[0])
	if err != nil {
		return err
	}
	in := describe(pos[0], m, hdr)
	if *asJSON {
		return cli.WriteJSON(stdout, in)
	}
	return in.writeText(stdout)
}

// cpuName returns the processor's model name, or the architecture.
func cpuName() string {
	f, err := os.Open("/proc/cpuinfo")
	if err == nil {
		defer f.Close()
		s := bufio.NewScanner(f)
		for s.Scan() {
			if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				return strings.TrimSpace(v)
			}
		}
	}
	return runtime.GOARCH
}

// modelInfo is what `neurbf info` prints about a snapshot. Every count
// says what it counts: trainable parameters (per optimiser group, summed in
// TrainableParams) apart from the frozen values that are stored but not
// trained, and the steps trained apart from the schedule's configured
// length.
type modelInfo struct {
	File          string  `json:"file"`
	FormatVersion int     `json:"format_version"`
	Task          string  `json:"task"`
	Encoder       string  `json:"encoder"`
	RBFs          int     `json:"rbfs"`
	Width         int     `json:"width,omitempty"`    // image models: the size fitted
	Height        int     `json:"height,omitempty"`   //
	Channels      int     `json:"channels,omitempty"` //
	StepsTrained  int     `json:"steps_trained"`      // steps the parameters have seen
	TrainSeconds  float64 `json:"train_seconds"`      // training time they took
	// ScheduleSteps is config train.steps, the length the learning-rate
	// schedules were set for; a run against the clock or an interrupted one
	// stops before it.
	ScheduleSteps   int          `json:"schedule_steps"`
	TrainableParams int          `json:"trainable_params"`
	Groups          []groupCount `json:"trainable_params_per_group"`
	ParamBudget     int          `json:"param_budget"`  // config params: the budget the RBF count was derived from
	FrozenValues    int          `json:"frozen_values"` // stored, not trained (RBF centres and shapes), not in TrainableParams
	// Provenance is how the model was made (input, command, program);
	// absent in version-1 snapshots.
	Provenance *field.Provenance `json:"provenance,omitempty"`
	// Tile is where a tile's own snapshot lies in its image's grid.
	Tile *field.TileOf `json:"tile,omitempty"`
	// Tiles describes the tiles of a merged model.
	Tiles  *tilesInfo   `json:"tiles,omitempty"`
	Config field.Config `json:"config"`
}

// tilesInfo is what info says of a merged model's tiles.
type tilesInfo struct {
	Grid        field.TileGrid `json:"grid"`
	ImageSHA256 string         `json:"image_sha256"`
	Tiles       []tileInfo     `json:"tiles"`
}

// tileInfo is one tile of a merged model.
type tileInfo struct {
	Index           int        `json:"index"`
	Region          field.Rect `json:"region"`
	TrainableParams int        `json:"trainable_params"`
	RBFs            int        `json:"rbfs"`
	Steps           int        `json:"steps"`
	Seconds         float64    `json:"seconds"`
}

// groupCount is the number of trainable parameters of one optimiser group.
type groupCount struct {
	Group string `json:"group"`
	Count int    `json:"count"`
}

// describe gathers modelInfo from a loaded snapshot.
func describe(path string, m *field.Model, hdr field.SnapshotHeader) *modelInfo {
	in := &modelInfo{
		File: path, FormatVersion: hdr.Version, Task: m.Config.Task, Encoder: m.Config.Encoder, RBFs: m.Config.RBFs,
		StepsTrained: hdr.Steps, TrainSeconds: hdr.Seconds, ScheduleSteps: m.Config.Train.Steps,
		TrainableParams: m.TrainableParams(), ParamBudget: m.Config.Params, FrozenValues: m.FrozenValues(),
		Provenance: hdr.Provenance, Config: m.Config,
	}
	if m.Config.Task == field.TaskImage {
		in.Width, in.Height, in.Channels = m.Config.Width, m.Config.Height, m.Config.Channels
	}
	in.Tile = hdr.Tile
	if tl := m.Tiling(); tl != nil {
		in.Tiles = &tilesInfo{Grid: tl.Grid, ImageSHA256: tl.ImageSHA256}
		for i, tm := range m.TileModels() {
			r := tl.Tiles[i]
			in.Tiles.Tiles = append(in.Tiles.Tiles, tileInfo{Index: i, Region: tl.Grid.Region(i), TrainableParams: tm.TrainableParams(),
				RBFs: tm.Config.RBFs, Steps: r.Steps, Seconds: r.Seconds})
		}
	}
	for _, g := range m.GroupCounts() {
		in.Groups = append(in.Groups, groupCount{g.Group, g.Count})
	}
	return in
}

// writeText prints in as aligned text, the config flattened to one dotted
// key per line.
func (in *modelInfo) writeText(w io.Writer) error {
	var rows [][2]string
	row := func(k, format string, args ...any) { rows = append(rows, [2]string{k, fmt.Sprintf(format, args...)}) }
	task := in.Task
	if in.Task == field.TaskImage {
		task = fmt.Sprintf("image, %d×%d, %d channel(s)", in.Width, in.Height, in.Channels)
	}
	row("task", "%s", task)
	row("encoder", "%s, %d RBFs", in.Encoder, in.RBFs)
	row("trained", "%d steps in %.1f s", in.StepsTrained, in.TrainSeconds)
	switch {
	case in.ScheduleSteps > in.StepsTrained && in.Provenance != nil && in.Provenance.Interrupted:
		row("schedule", "%d steps configured (train.steps); training was interrupted before the schedule's end", in.ScheduleSteps)
	case in.ScheduleSteps > in.StepsTrained && in.Provenance != nil:
		row("schedule", "%d steps configured (train.steps); training stopped at its time budget, before the schedule's end", in.ScheduleSteps)
	case in.ScheduleSteps > in.StepsTrained:
		row("schedule", "%d steps configured (train.steps); training stopped before the schedule's end (a run against the clock, or interrupted)", in.ScheduleSteps)
	case in.ScheduleSteps > 0:
		row("schedule", "%d steps configured (train.steps)", in.ScheduleSteps)
	}
	if t := in.Tile; t != nil {
		r := t.Grid.Region(t.Index)
		row("tile", "%d of a %s grid (overlap %d) of a %d×%d image: its %d×%d region at %d,%d; image SHA-256 %s",
			t.Index, t.Grid, t.Grid.Overlap, t.Grid.Width, t.Grid.Height, r.W, r.H, r.X, r.Y, t.ImageSHA256)
	}
	if t := in.Tiles; t != nil {
		row("tiles", "%d, a %s grid with an overlap of %d pixels, blended (steps and seconds above are summed over the tiles); image SHA-256 %s",
			t.Grid.Count(), t.Grid, t.Grid.Overlap, t.ImageSHA256)
		for _, ti := range t.Tiles {
			r := ti.Region
			row(fmt.Sprintf("  tile %d", ti.Index), "%d×%d at %d,%d: %d trainable parameters, %d RBFs, %d steps in %.1f s",
				r.W, r.H, r.X, r.Y, ti.TrainableParams, ti.RBFs, ti.Steps, ti.Seconds)
		}
	}
	row("parameters", "%d trainable (budget %d)", in.TrainableParams, in.ParamBudget)
	for _, g := range in.Groups {
		row("  "+g.Group, "%d", g.Count)
	}
	if in.FrozenValues > 0 {
		row("frozen values", "%d (RBF centres and shapes: stored, not trained, not counted above)", in.FrozenValues)
	}
	if pv := in.Provenance; pv != nil {
		row("provenance", "")
		kv, err := flattenJSON(pv)
		if err != nil {
			return err
		}
		for _, p := range kv {
			row("  "+p[0], "%s", p[1])
		}
	}
	row("config", "")
	kv, err := flattenJSON(in.Config)
	if err != nil {
		return err
	}
	for _, p := range kv {
		row("  "+p[0], "%s", p[1])
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r[0]))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: neurbf snapshot, format version %d\n", in.File, in.FormatVersion)
	for _, r := range rows {
		fmt.Fprintln(&b, strings.TrimRight(fmt.Sprintf("%-*s  %s", width, r[0], r[1]), " "))
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// flattenJSON returns v's JSON encoding as (dotted key, value) pairs in
// the encoding's order: {"a":{"b":1},"c":[2,3]} gives a.b 1 and c [2,3].
// Strings are unquoted; arrays are kept whole, as compact JSON.
func flattenJSON(v any) ([][2]string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out [][2]string
	var walk func(prefix string, raw json.RawMessage) error
	walk = func(prefix string, raw json.RawMessage) error {
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || raw[0] != '{' {
			val := string(raw)
			var str string
			if json.Unmarshal(raw, &str) == nil {
				val = str
			}
			out = append(out, [2]string{prefix, val})
			return nil
		}
		d := json.NewDecoder(bytes.NewReader(raw))
		if _, err := d.Token(); err != nil { // {
			return err
		}
		for d.More() {
			tok, err := d.Token()
			if err != nil {
				return err
			}
			var val json.RawMessage
			if err := d.Decode(&val); err != nil {
				return err
			}
			key := tok.(string)
			if prefix != "" {
				key = prefix + "." + key
			}
			if err := walk(key, val); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk("", data)
}

// parseRegion reads --region X,Y,W,H, a window of pixels that must lie
// inside the fitted w×h image.
func parseRegion(s string, w, h int, model string) ([4]int, error) {
	var v [4]int
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return v, cli.Usagef("render: --region wants X,Y,W,H in pixels, got %q", s)
	}
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return v, cli.Usagef("render: --region wants X,Y,W,H in pixels, got %q", s)
		}
		v[i] = n
	}
	if v[0] < 0 || v[1] < 0 || v[2] < 1 || v[3] < 1 || v[0]+v[2] > w || v[1]+v[3] > h {
		return v, cli.Usagef("render: --region %s is not inside %s's %d×%d pixels", s, model, w, h)
	}
	return v, nil
}

// evalBig prints the PSNR and SSIM of an image model against gt, an image
// too big to hold twice as floats, and a merged model's seams, computed in
// bands of rows.
func evalBig(m *field.Model, hdr field.SnapshotHeader, gt *pixels.Raster, tiled bool, threads int, stdout, progress io.Writer) error {
	ph := cli.StartPhase(progress, fmt.Sprintf("reconstructing and scoring %d×%d pixels in bands", gt.W, gt.H), int64(gt.H))
	done := 0
	sr, seams, err := scoreInBands(m, gt, threads, func(rows, _ int) { ph.Add(int64(rows - done)); done = rows })
	if err != nil {
		ph.Abort()
		return err
	}
	ph.Done(fmt.Sprintf("PSNR %.2f dB, SSIM %.4f", sr.PSNR, sr.SSIM))
	res := &imageResult{PSNR: sr.PSNR, SSIM: sr.SSIM, Width: gt.W, Height: gt.H, Channels: gt.C}
	res.Encoder, res.Params, res.RBFs, res.Steps, res.TrainSeconds = m.Config.Encoder, m.TrainableParams(), m.Config.RBFs, hdr.Steps, hdr.Seconds
	if seams == nil {
		return cli.WriteJSON(stdout, res)
	}
	return writeTiledResult(stdout, res, m.Tiling().Grid, *seams)
}

// scoreInBands measures m against gt in bands of rows (render.Stream),
// never holding either whole: PSNR, SSIM and, for a merged model of two
// or more tiles, its seams (nil otherwise).
func scoreInBands(m *field.Model, gt *pixels.Raster, threads int, progress func(done, total int)) (render.StreamResult, *field.Seams, error) {
	var sc *field.SeamScorer
	var sink func(*pixels.Image) error
	if tl := m.Tiling(); tl != nil && tl.Grid.Count() >= 2 {
		var err error
		if sc, err = tl.Grid.NewSeamScorer(); err != nil {
			return render.StreamResult{}, nil, err
		}
		row := 0
		sink = func(band *pixels.Image) error {
			err := sc.Add(gt.Region(0, row, gt.W, band.H), band)
			row += band.H
			return err
		}
	}
	sr, err := render.Stream(m.Eval, gt, 1, threads, sink, progress)
	if err != nil || sc == nil {
		return sr, nil, err
	}
	s, err := sc.Seams(gt.C)
	if err != nil {
		return sr, nil, err
	}
	return sr, &s, nil
}
