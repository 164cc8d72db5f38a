package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the command line and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// pattern fills an image of the given kind with a smooth pattern.
func pattern(kind string, w, h int) image.Image {
	r := image.Rect(0, 0, w, h)
	var m interface {
		image.Image
		Set(x, y int, c color.Color)
	}
	switch kind {
	case "gray":
		m = image.NewGray(r)
	case "gray16":
		m = image.NewGray16(r)
	case "rgba64":
		m = image.NewRGBA64(r)
	case "paletted":
		m = image.NewPaletted(r, palette.Plan9)
	default:
		m = image.NewNRGBA(r)
	}
	for y := range h {
		for x := range w {
			a := uint8(255)
			if kind == "nrgba-alpha" {
				a = uint8(128 + x)
			}
			m.Set(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x + y) * 4), a})
		}
	}
	return m
}

// TestFitAcceptsImageKinds fits a few steps on 16-bit, gray, paletted
// and alpha images and checks every output file and the metrics.
func TestFitAcceptsImageKinds(t *testing.T) {
	for _, kind := range []string{"gray", "gray16", "rgba64", "paletted", "nrgba-alpha"} {
		dir := t.TempDir()
		in := filepath.Join(dir, kind+".png")
		writePNG(t, in, pattern(kind, 20, 16))
		out := filepath.Join(dir, "out")
		code, stdout, stderr := runCLI(t, "fit", "image", in, "-o", out, "--steps", "3", "-q", "--threads", "2")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", kind, code, stderr)
		}
		if !strings.Contains(stdout, "PSNR") {
			t.Errorf("%s: stdout %q", kind, stdout)
		}
		if (kind == "nrgba-alpha") != strings.Contains(stderr, "alpha") {
			t.Errorf("%s: alpha note missing or wrong: %q", kind, stderr)
		}
		for _, f := range []string{"model.nrbf", "recon.png", "error.png", "compare.png", "curve.png", "metrics.json"} {
			if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
				t.Errorf("%s: output %s: %v", kind, f, err)
			}
		}
		var met map[string]any
		data, _ := os.ReadFile(filepath.Join(out, "metrics.json"))
		if err := json.Unmarshal(data, &met); err != nil {
			t.Fatalf("%s: metrics.json: %v", kind, err)
		}
		for _, k := range []string{"psnr", "ssim", "params", "rbfs", "steps", "train_seconds", "init_seconds", "samples_per_second"} {
			if _, ok := met[k]; !ok {
				t.Errorf("%s: metrics.json lacks %q", kind, k)
			}
		}
		wantC := 3.0
		if strings.HasPrefix(kind, "gray") {
			wantC = 1
		}
		if met["channels"] != wantC || met["steps"] != 3.0 {
			t.Errorf("%s: channels %v steps %v", kind, met["channels"], met["steps"])
		}
		// The snapshot is usable by the other commands.
		model := filepath.Join(out, "model.nrbf")
		if code, _, stderr := runCLI(t, "render", model, "-o", filepath.Join(dir, "big.png"), "--scale", "2"); code != 0 {
			t.Errorf("%s: render: %s", kind, stderr)
		}
		if code, stdout, stderr := runCLI(t, "eval", model, "--image", in); code != 0 || !strings.Contains(stdout, `"psnr"`) {
			t.Errorf("%s: eval exit %d: %s %s", kind, code, stdout, stderr)
		}
		if code, stdout, _ := runCLI(t, "info", model); code != 0 || !strings.Contains(stdout, "format version 3") {
			t.Errorf("%s: info: %s", kind, stdout)
		}
	}
}

// zeroSizePNG returns a PNG whose header claims a 0×0 image.
func zeroSizePNG(t *testing.T) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	d := b.Bytes()
	binary.BigEndian.PutUint32(d[16:], 0) // IHDR width
	binary.BigEndian.PutUint32(d[20:], 0) // IHDR height
	binary.BigEndian.PutUint32(d[29:], crc32.ChecksumIEEE(d[12:29]))
	return d
}

// TestBadInputs: each bad input gives exit code 1 or 2, one line on
// stderr naming the file where there is one, and no output files.
func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.png")
	writePNG(t, good, pattern("nrgba", 12, 12))
	data, _ := os.ReadFile(good)
	files := map[string][]byte{
		"text.png":      []byte("this is not an image\n"),
		"truncated.png": data[:len(data)/2],
		"zero.png":      zeroSizePNG(t),
		"empty.png":     nil,
	}
	for name, d := range files {
		os.WriteFile(filepath.Join(dir, name), d, 0o644)
	}
	// A snapshot to damage.
	snapDir := filepath.Join(dir, "fit")
	if code, _, stderr := runCLI(t, "fit", "image", good, "-o", snapDir, "--steps", "1", "-q"); code != 0 {
		t.Fatal(stderr)
	}
	snap, _ := os.ReadFile(filepath.Join(snapDir, "model.nrbf"))
	badMagic := append([]byte("XX"), snap[2:]...)
	badVersion := append([]byte(nil), snap...)
	badVersion[8] = 9
	badSum := append([]byte(nil), snap...)
	badSum[len(badSum)/2] ^= 0xff
	for name, d := range map[string][]byte{"magic.nrbf": badMagic, "version.nrbf": badVersion, "sum.nrbf": badSum, "short.nrbf": snap[:40]} {
		os.WriteFile(filepath.Join(dir, name), d, 0o644)
	}
	p := func(n string) string { return filepath.Join(dir, n) }
	out := filepath.Join(dir, "out")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"fit", "image", p("text.png"), "-o", out}, 1, p("text.png")},
		{[]string{"fit", "image", p("truncated.png"), "-o", out}, 1, p("truncated.png")},
		{[]string{"fit", "image", p("zero.png"), "-o", out}, 1, p("zero.png")},
		{[]string{"fit", "image", p("empty.png"), "-o", out}, 1, p("empty.png")},
		{[]string{"fit", "image", p("missing.png"), "-o", out}, 1, p("missing.png")},
		{[]string{"fit", "image", dir, "-o", out}, 1, dir},
		{[]string{"fit", "image", good, "-o", out, "--steps", "-5"}, 2, "--steps"},
		{[]string{"fit", "image", good, "-o", out, "--params", "0"}, 2, "--params"},
		{[]string{"fit", "image", good, "-o", out, "--threads", "-1"}, 2, "--threads"},
		{[]string{"fit", "image", good, "-o", out, "--bogus"}, 2, "bogus"},
		{[]string{"fit", "image", good, "-o", out, "--params", "500"}, 1, "budget"},
		{[]string{"fit", "image", good, "-o", out, "--config", p("missing.json")}, 1, p("missing.json")},
		{[]string{"fit", "image", good, "-o", out, "--encoder", "mlp"}, 1, "encoder"},
		{[]string{"fit", "video"}, 2, "video"},
		{[]string{"frobnicate"}, 2, "frobnicate"},
		{[]string{"info", p("magic.nrbf")}, 1, "magic"},
		{[]string{"info", p("version.nrbf")}, 1, "version 9"},
		{[]string{"info", p("sum.nrbf")}, 1, "checksum"},
		{[]string{"info", p("short.nrbf")}, 1, p("short.nrbf")},
		{[]string{"info", good}, 1, good},
		{[]string{"render", p("sum.nrbf"), "-o", p("r.png")}, 1, "checksum"},
		{[]string{"render", p("magic.nrbf")}, 2, "-o"},
		{[]string{"eval", filepath.Join(snapDir, "model.nrbf"), "--image", p("truncated.png")}, 1, p("truncated.png")},
	}
	for _, c := range cases {
		code, _, stderr := runCLI(t, c.args...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != c.code || len(lines) != 1 || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "panic") {
			t.Errorf("%v: exit %d (want %d), stderr %q (want one line containing %q)", c.args, code, c.code, stderr, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		entries, _ := os.ReadDir(out)
		if len(entries) != 0 {
			t.Errorf("failed runs left files in %s: %v", out, entries)
		}
	}
	if _, err := os.Stat(p("r.png")); err == nil {
		t.Error("a failed render wrote its output")
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"fit", "image", "-h"}, {"render", "-h"}, {"eval", "-h"}, {"info", "-h"}} {
		code, stdout, _ := runCLI(t, args...)
		if code != 0 || !strings.Contains(stdout, "Usage") {
			t.Errorf("%v: exit %d, %q", args, code, stdout)
		}
	}
	_, stdout, _ := runCLI(t, "fit", "image", "-h")
	for _, f := range []string{"-params", "-steps", "-time", "-batch", "-seed", "-threads", "-config", "-crop", "-o"} {
		if !strings.Contains(stdout, f) {
			t.Errorf("fit image -h does not explain %s", f)
		}
	}
}
