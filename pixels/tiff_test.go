package pixels

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	xtiff "golang.org/x/image/tiff"
)

// tiffSamples returns w·h·spp deterministic samples of the given bits: a
// gradient plus hashed noise, so that a misplaced chunk or a predictor
// error changes them. The last sample of each pixel, when alpha is set,
// is opaque on most pixels and varies on the others.
func tiffSamples(w, h, spp, bits, seed int, alpha bool) []uint16 {
	maxv := 1<<bits - 1
	s := make([]uint16, w*h*spp)
	for y := range h {
		for x := range w {
			for k := range spp {
				v := (x*37 + y*11 + k*5000 + int(hash32(x, y, k, seed)%97)) % (maxv + 1)
				if alpha && k == spp-1 {
					v = maxv
					if (x+y)%3 == 0 {
						v = int(hash32(x, y, k, seed)) % (maxv + 1)
					}
				}
				s[(y*w+x)*spp+k] = uint16(v)
			}
		}
	}
	return s
}

// premultiply makes the colour samples of a pixel no larger than its
// alpha, as in a file with associated alpha.
func premultiply(s []uint16, spp, bits int) {
	for i := 0; i < len(s); i += spp {
		a := uint32(s[i+spp-1])
		for k := range spp - 1 {
			s[i+k] = uint16(uint32(s[i+k]) * a / (1<<bits - 1))
		}
	}
}

// wantRaster computes the upright samples a file of spec sp holding
// samples should load as, independently of the reader: inversion for
// WhiteIsZero, the colour map, color.NRGBA64Model for premultiplied
// alpha, and orientSource for the orientation.
func wantRaster(sp tiffSpec, samples []uint16) (w, h, c int, pix []uint32) {
	c = 1
	if sp.photometric == tiffPhotoRGB || sp.photometric == tiffPhotoPalet {
		c = 3
	}
	w, h = sp.w, sp.h
	o := max(sp.orientation, 1)
	if o >= 5 {
		w, h = h, w
	}
	maxv := uint32(1)<<sp.bits - 1
	pix = make([]uint32, w*h*c)
	for y := range h {
		for x := range w {
			sx, sy := orientSource(x, y, sp.w, sp.h, o)
			src := samples[(sy*sp.w+sx)*sp.spp:]
			dst := pix[(y*w+x)*c:]
			switch {
			case sp.photometric == tiffPhotoPalet:
				for k := range 3 {
					dst[k] = uint32(sp.colorMap[k*256+int(src[0])] >> 8)
				}
			case sp.extra == tiffAssocAlpha:
				sc := uint32(1)
				if sp.bits == 8 {
					sc = 257
				}
				var n color.NRGBA64
				if c == 1 {
					g := uint16(uint32(src[0]) * sc)
					n = color.NRGBA64Model.Convert(color.RGBA64{g, g, g, uint16(uint32(src[1]) * sc)}).(color.NRGBA64)
				} else {
					n = color.NRGBA64Model.Convert(color.RGBA64{uint16(uint32(src[0]) * sc), uint16(uint32(src[1]) * sc),
						uint16(uint32(src[2]) * sc), uint16(uint32(src[3]) * sc)}).(color.NRGBA64)
				}
				for k, v := range []uint16{n.R, n.G, n.B}[:c] {
					dst[k] = uint32(v) / sc
					if sp.bits == 8 {
						dst[k] = uint32(v >> 8)
					}
				}
			default:
				for k := range c {
					dst[k] = uint32(src[k])
					if sp.photometric == tiffPhotoWhite {
						dst[k] = maxv - dst[k]
					}
				}
			}
		}
	}
	return w, h, c, pix
}

// rasterSamples returns a raster's samples as uint32.
func rasterSamples(r *Raster) []uint32 {
	out := make([]uint32, r.W*r.H*r.C)
	for i := range out {
		if r.pix8 != nil {
			out[i] = uint32(r.pix8[i])
		} else {
			out[i] = uint32(r.pix16[i])
		}
	}
	return out
}

// firstDiff describes the first sample where two sample slices differ.
func firstDiff(got, want []uint32, w, c int) string {
	for i := range got {
		if got[i] != want[i] {
			p := i / c
			return fmt.Sprintf("pixel (%d,%d) channel %d: got %d, want %d", p%w, p/w, i%c, got[i], want[i])
		}
	}
	return ""
}

// tiffCase is one file of the test matrix.
type tiffCase struct {
	name    string
	sp      tiffSpec
	samples []uint16
}

// tiffMatrix returns every variant the own writer makes: classic and
// BigTIFF, both byte orders, tiled and stripped, three compressions, with
// and without the predictor, 8 and 16 bits, and gray, WhiteIsZero, RGB,
// alpha both ways, gray with alpha, palette and separate planes. Images
// are 37×29, so tiles (16×16) and strips (5 rows) are cut at the edges.
func tiffMatrix() []tiffCase {
	type colour struct {
		name             string
		spp, photo, extr int
		planar           int
	}
	colours := []colour{
		{"gray", 1, tiffPhotoBlack, 0, 1}, {"white", 1, tiffPhotoWhite, 0, 1},
		{"rgb", 3, tiffPhotoRGB, 0, 1}, {"rgba", 4, tiffPhotoRGB, tiffUnassoAlpha, 1},
		{"rgbapre", 4, tiffPhotoRGB, tiffAssocAlpha, 1}, {"graya", 2, tiffPhotoBlack, tiffUnassoAlpha, 1},
		{"palette", 1, tiffPhotoPalet, 0, 1}, {"rgbplanar", 3, tiffPhotoRGB, 0, 2},
		{"rgbaplanar", 4, tiffPhotoRGB, tiffUnassoAlpha, 2},
	}
	var cases []tiffCase
	seed := 0
	for _, big := range []bool{false, true} {
		for _, be := range []bool{false, true} {
			for _, tiled := range []bool{false, true} {
				for _, comp := range []int{tiffNone, tiffDeflate, tiffPackBits} {
					for _, pred := range []int{1, 2} {
						for _, bits := range []int{8, 16} {
							for _, col := range colours {
								if col.photo == tiffPhotoPalet && bits != 8 {
									continue
								}
								seed++
								sp := tiffSpec{w: 37, h: 29, spp: col.spp, bits: bits, photometric: col.photo, extra: col.extr,
									big: big, be: be, tiled: tiled, cw: 16, ch: 16, compression: comp, predictor: pred, planar: col.planar}
								if !tiled {
									sp.ch = 5
								}
								if col.photo == tiffPhotoPalet {
									sp.colorMap = make([]uint16, 768)
									for i := range sp.colorMap {
										sp.colorMap[i] = uint16(hash32(i, 0, 0, seed))
									}
								}
								s := tiffSamples(sp.w, sp.h, sp.spp, bits, seed, col.extr != 0)
								if col.extr == tiffAssocAlpha {
									premultiply(s, sp.spp, bits)
								}
								name := fmt.Sprintf("%s-%d-big%v-be%v-tiled%v-c%d-p%d", col.name, bits, big, be, tiled, comp, pred)
								cases = append(cases, tiffCase{name, sp, s})
							}
						}
					}
				}
			}
		}
	}
	return cases
}

// xImageDecodes reports whether golang.org/x/image/tiff reads the case
// (classic files without separate planes or gray with alpha).
func xImageDecodes(sp tiffSpec) bool {
	return !sp.big && sp.planar != 2 && !(sp.spp == 2)
}

func TestTIFFMatrixDecodesExactly(t *testing.T) {
	for _, tc := range tiffMatrix() {
		data := writeTestTIFF(tc.sp, tc.samples)
		r, info, err := decodeTIFF(bytes.NewReader(data), int64(len(data)), tc.name, 0, image.Rectangle{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		w, h, c, want := wantRaster(tc.sp, tc.samples)
		if r.W != w || r.H != h || r.C != c || r.Depth != max(8, tc.sp.bits*btoi(tc.sp.photometric != tiffPhotoPalet)) {
			t.Fatalf("%s: raster %d×%d×%d at %d bits, want %d×%d×%d", tc.name, r.W, r.H, r.C, r.Depth, w, h, c)
		}
		if d := firstDiff(rasterSamples(r), want, w, c); d != "" {
			t.Fatalf("%s: %s", tc.name, d)
		}
		if info.AlphaIgnored != (tc.sp.extra != 0) {
			t.Errorf("%s: AlphaIgnored = %v", tc.name, info.AlphaIgnored)
		}
		if !xImageDecodes(tc.sp) || (tc.sp.tiled && xImageTileBug(tc.sp)) {
			continue
		}
		// The same file through golang.org/x/image/tiff and the
		// package's whole-image conversion gives the same samples.
		m, err := xtiff.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: x/image/tiff: %v", tc.name, err)
		}
		xr, _ := RasterFromImage(m, c == 1, 1)
		if d := firstDiff(rasterSamples(r), rasterSamples(xr), w, c); d != "" {
			t.Fatalf("%s: against x/image/tiff: %s", tc.name, d)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestTIFFOrientationIsApplied(t *testing.T) {
	for _, tiled := range []bool{false, true} {
		for o := 1; o <= 8; o++ {
			for _, spp := range []int{1, 3, 4} {
				sp := tiffSpec{w: 23, h: 17, spp: spp, bits: 8, photometric: tiffPhotoRGB, tiled: tiled, cw: 16, ch: 16,
					compression: tiffNone, orientation: o}
				if spp == 1 {
					sp.photometric = tiffPhotoBlack
				}
				if spp == 4 {
					sp.extra = tiffUnassoAlpha
				}
				s := tiffSamples(sp.w, sp.h, spp, 8, o, spp == 4)
				data := writeTestTIFF(sp, s)
				r, info, err := decodeTIFF(bytes.NewReader(data), int64(len(data)), "o.tif", 0, image.Rectangle{})
				if err != nil {
					t.Fatal(err)
				}
				w, _, c, want := wantRaster(sp, s)
				if info.Orientation != o {
					t.Errorf("orientation %d reported as %d", o, info.Orientation)
				}
				if d := firstDiff(rasterSamples(r), want, w, c); d != "" {
					t.Fatalf("orientation %d, %d samples, tiled %v: %s", o, spp, tiled, d)
				}
				// Decode (whole, float) agrees with the raster.
				img, err := Decode(bytes.NewReader(data), "o.tif")
				if err != nil {
					t.Fatal(err)
				}
				if img.W != r.W || img.H != r.H || !slices.Equal(img.Pix, r.ToImage().Pix) {
					t.Fatalf("orientation %d: Decode and the raster differ", o)
				}
			}
		}
	}
}

// writeTemp writes data to a file in a test's temporary folder.
func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTIFFProbeAndLoadRaster(t *testing.T) {
	sp := tiffSpec{w: 300, h: 200, spp: 3, bits: 16, photometric: tiffPhotoRGB, big: true, tiled: true, cw: 64, ch: 32,
		compression: tiffDeflate, predictor: 2, orientation: 6}
	s := tiffSamples(sp.w, sp.h, 3, 16, 1, false)
	p := writeTemp(t, "big.tif", writeTestTIFF(sp, s))
	h, err := Probe(p)
	if err != nil {
		t.Fatal(err)
	}
	if h.W != 200 || h.H != 300 || h.C != 3 || h.Depth != 16 || h.Format != "tiff" || !h.Streams {
		t.Fatalf("Probe = %+v", h)
	}
	// One chunk row of 64 RGB 16-bit pixels, the offsets of a row of
	// five tiles and the fixed buffers: far below the 360 kB raster.
	if d := h.DecodeBytes(0); d > tiffBufferBytes+64*6+5*32 {
		t.Errorf("DecodeBytes = %d", d)
	}
	r, info, err := LoadRaster(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	w, _, c, want := wantRaster(sp, s)
	if d := firstDiff(rasterSamples(r), want, w, c); d != "" {
		t.Fatal(d)
	}
	if info.Format != "tiff" || info.BitDepth != 16 || info.Orientation != 6 {
		t.Errorf("info = %+v", info)
	}
	need := h.RasterBytes() + h.DecodeBytes(0)
	if _, _, err := LoadRaster(p, need-1); err == nil || !strings.Contains(err.Error(), "more than the") {
		t.Errorf("LoadRaster under the limit: %v", err)
	}
}

func TestTIFFDimensionBombRefusedBeforeAllocation(t *testing.T) {
	// A 4×4 strip that claims to be 10^5×10^5: no compression packs 30 GB
	// of samples into a few hundred bytes, so Probe refuses it (a
	// plausible claim too large for the machine is refused by LoadRaster's
	// limit and the memory plan: TestTIFFProbeAndLoadRaster).
	sp := tiffSpec{w: 4, h: 4, spp: 3, bits: 8, photometric: tiffPhotoRGB, ch: 1 << 30, compression: tiffDeflate,
		claimW: 100000, claimH: 100000}
	p := writeTemp(t, "bomb.tif", writeTestTIFF(sp, tiffSamples(4, 4, 3, 8, 1, false)))
	want := "bomb.tif: TIFF header claims 100000×100000 pixels (30.00 GB of samples), more than a"
	if _, err := Probe(p); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Probe: %v", err)
	}
	if _, _, err := LoadRaster(p, 0); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("LoadRaster: %v", err)
	}
	// Absurd tiles are refused by Probe itself.
	sp = tiffSpec{w: 4, h: 4, spp: 1, bits: 8, photometric: tiffPhotoBlack, tiled: true, cw: 16, ch: 16, compression: tiffNone, claimTW: 1 << 20}
	p = writeTemp(t, "tiles.tif", writeTestTIFF(sp, tiffSamples(4, 4, 1, 8, 1, false)))
	if _, err := Probe(p); err == nil || !strings.Contains(err.Error(), "tiles.tif: TIFF tiles of 1048576×16 pixels") {
		t.Fatalf("Probe of huge tiles: %v", err)
	}
}

func TestTIFFBadFilesGiveOneLineErrors(t *testing.T) {
	sp := tiffSpec{w: 37, h: 29, spp: 3, bits: 8, photometric: tiffPhotoRGB, tiled: true, cw: 16, ch: 16, compression: tiffDeflate}
	good := writeTestTIFF(sp, tiffSamples(37, 29, 3, 8, 3, false))
	patch := func(f func([]byte) []byte) []byte { return f(bytes.Clone(good)) }
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated header", good[:6], "truncated TIFF header"},
		{"IFD outside", patch(func(b []byte) []byte { b[4], b[5], b[6], b[7] = 0xff, 0xff, 0xff, 0x7f; return b }), "first IFD at byte"},
		{"truncated data", good[:100], ""},
		{"corrupt chunk", patch(func(b []byte) []byte { b[8], b[9] = 0, 0; return b }), "corrupt tile 0"},
	} {
		_, _, err := decodeTIFF(bytes.NewReader(tc.data), int64(len(tc.data)), "bad.tif", 0, image.Rectangle{})
		if err == nil || !strings.HasPrefix(err.Error(), "bad.tif: ") || strings.Contains(err.Error(), "\n") ||
			!strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	// An unsupported compression is named, with the file.
	sp.compression = 34712
	data := writeTestTIFF(sp, tiffSamples(37, 29, 3, 8, 3, false))
	p := writeTemp(t, "j2k.tif", data)
	_, err := Probe(p)
	if err == nil || !strings.Contains(err.Error(), "j2k.tif: unsupported TIFF: compression 34712 (JPEG 2000)") {
		t.Errorf("JPEG 2000: %v", err)
	}
	if _, _, err := LoadRaster(p, 0); err == nil {
		t.Error("LoadRaster of JPEG 2000 succeeded")
	}
}

func TestTIFFBilevelFallsBackToXImage(t *testing.T) {
	// A 1-bit classic file is not streamed; golang.org/x/image/tiff
	// decodes it whole, as before.
	sp := tiffSpec{w: 16, h: 2, spp: 1, bits: 1, photometric: tiffPhotoBlack, ch: 2, compression: tiffNone}
	data := writeTestTIFF(sp, nil)
	_, _, err := decodeTIFF(bytes.NewReader(data), int64(len(data)), "bw.tif", 0, image.Rectangle{})
	if !errors.Is(err, errTIFFFallback) {
		t.Fatalf("decodeTIFF: %v", err)
	}
	p := writeTemp(t, "bw.tif", data)
	h, err := Probe(p)
	if err != nil || h.Streams || h.C != 1 {
		t.Fatalf("Probe = %+v, %v", h, err)
	}
	if r, _, err := LoadRaster(p, 0); err != nil || r.W != 16 || r.H != 2 {
		t.Fatalf("LoadRaster: %v", err)
	}
}

func TestPackBitsRuns(t *testing.T) {
	// The specification's example: header bytes, literals and runs.
	in := []byte{0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA}
	want := []byte{0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0x22,
		0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA}
	d := packBits{r: bufio.NewReader(bytes.NewReader(in))}
	got := make([]byte, len(want))
	if _, err := io.ReadFull(&d, got); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("got % x, %v", got, err)
	}
}

func TestTIFFJPEGChunksOfImageJPEG(t *testing.T) {
	// JPEG tiles and strips written by image/jpeg (complete streams, no
	// JPEGTables), gray and YCbCr, decode close to their source; the
	// files libtiff writes, with shared tables, are tested in
	// tiffcp_test.go.
	for _, tc := range []struct {
		spp, photo int
		tiled      bool
	}{{1, tiffPhotoBlack, true}, {3, tiffPhotoYCbCr, true}, {3, tiffPhotoYCbCr, false}, {1, tiffPhotoBlack, false}} {
		sp := tiffSpec{w: 75, h: 41, spp: tc.spp, bits: 8, photometric: tc.photo, tiled: tc.tiled, cw: 32, ch: 16, compression: tiffJPEG}
		if !tc.tiled {
			sp.ch = 8
		}
		s := make([]uint16, sp.w*sp.h*sp.spp)
		for i := range s { // smooth, so that JPEG keeps it well
			p := i / sp.spp
			s[i] = uint16(40 + p%sp.w + (p/sp.w)*2 + i%sp.spp*20)
		}
		data := writeTestTIFF(sp, s)
		r, _, err := decodeTIFF(bytes.NewReader(data), int64(len(data)), "j.tif", 0, image.Rectangle{})
		if err != nil {
			t.Fatal(err)
		}
		want := make([]uint32, len(s))
		for i, v := range s {
			want[i] = uint32(v)
		}
		if psnr := samplesPSNR(rasterSamples(r), want, 255); psnr < 35 {
			t.Errorf("%+v: PSNR %.2f dB, want ≥ 35", tc, psnr)
		}
	}
}

func TestBigTIFFOffsetsBeyond4GB(t *testing.T) {
	// The chunks and the IFD of a BigTIFF lie past a 5 GB hole of a sparse
	// file (no disk space used), so every offset needs 64 bits.
	sp := tiffSpec{w: 70, h: 50, spp: 3, bits: 16, photometric: tiffPhotoRGB, big: true, tiled: true, cw: 32, ch: 16,
		compression: tiffDeflate, predictor: 2, gap: 5 << 30}
	s := tiffSamples(sp.w, sp.h, 3, 16, 9, false)
	data := writeTestTIFF(sp, s)
	p := filepath.Join(t.TempDir(), "sparse.tif")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	const head = 16
	_, err1 := f.Write(data[:head])
	_, err2 := f.WriteAt(data[head:], sp.gap+head)
	if err := firstError(err1, err2, f.Close()); err != nil {
		t.Skipf("this file system holds no 5 GB sparse file: %v", err)
	}
	h, err := Probe(p)
	if err != nil || h.W != 70 || !h.Streams {
		t.Fatalf("Probe = %+v, %v", h, err)
	}
	r, _, err := LoadRaster(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	w, _, c, want := wantRaster(sp, s)
	if d := firstDiff(rasterSamples(r), want, w, c); d != "" {
		t.Fatal(d)
	}
}
