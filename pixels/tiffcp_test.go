package pixels

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	xtiff "golang.org/x/image/tiff"
)

// tiffcpPath returns libtiff's tiffcp (Debian package libtiff-tools):
// on the PATH, or unpacked by scripts/fetch-testdata.sh into
// testdata/real/bin. The tests that need it skip without it.
func tiffcpPath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("tiffcp"); err == nil {
		return p
	}
	p := filepath.Join("..", "testdata", "real", "bin", "tiffcp")
	if out, _ := exec.Command(p, "-h").CombinedOutput(); bytes.Contains(out, []byte("LIBTIFF")) {
		return p
	}
	t.Skip("tiffcp (Debian libtiff-tools) is not installed; run scripts/fetch-testdata.sh or apt-get install libtiff-tools")
	return ""
}

// tiffcp converts src with tiffcp's flags into a new file and returns its
// path.
func tiffcp(t *testing.T, bin, src string, flags ...string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "out.tif")
	out, err := exec.Command(bin, append(flags, src, dst)...).CombinedOutput()
	if err != nil {
		t.Fatalf("tiffcp %s: %v: %s", strings.Join(flags, " "), err, out)
	}
	return dst
}

// realSamples returns the samples of a real photo (the committed coffee
// picture) cropped to w×h, as spp samples of the given bits: gray from
// the red channel, 16-bit as v·257 plus hashed low bits, alpha from the
// hash on a third of the pixels.
func realSamples(t *testing.T, w, h, spp, bits int) []uint16 {
	t.Helper()
	img, err := Load(filepath.Join("..", "assets", "coffee.png"))
	if err != nil {
		t.Fatal(err)
	}
	s := make([]uint16, w*h*spp)
	for y := range h {
		for x := range w {
			for k := range spp {
				c := min(k, 2)
				if spp <= 2 {
					c = 0
				}
				v := uint32(math.Round(float64(img.Pix[((y+50)*img.W+x+100)*3+c]) * 255))
				if bits == 16 {
					v = v*257 ^ hash32(x, y, k, 1)&0xff
				}
				if (spp == 2 || spp == 4) && k == spp-1 {
					v = 1<<bits - 1
					if (x+y)%3 == 0 {
						v = hash32(x, y, k, 2) % (1 << bits)
					}
				}
				s[(y*w+x)*spp+k] = uint16(v)
			}
		}
	}
	return s
}

// TestTIFFFromTiffcp converts real-photo sources (gray, RGB, RGBA and
// gray+alpha, 8 and 16 bits, written by the own writer as plain strips)
// with libtiff's tiffcp into tiles and strips, every compression libtiff
// writes that the reader decodes (with and without the predictor), and
// BigTIFF, big-endian and separate-plane variants, and checks that the
// reader returns the source samples exactly (JPEG: PSNR ≥ 30 dB) and, for
// the classic files golang.org/x/image/tiff reads correctly, the same
// samples as it.
func TestTIFFFromTiffcp(t *testing.T) {
	bin := tiffcpPath(t)
	type source struct {
		name   string
		sp     tiffSpec
		lossy  bool // JPEG-compressible (8-bit gray or RGB)
		xImage bool // golang.org/x/image/tiff reads it
	}
	var sources []source
	for _, bits := range []int{8, 16} {
		for _, c := range []struct {
			name        string
			spp, photo  int
			extra       int
			jpeg, ximgd bool
		}{
			{"gray", 1, tiffPhotoBlack, 0, true, true},
			{"rgb", 3, tiffPhotoRGB, 0, true, true},
			{"rgba", 4, tiffPhotoRGB, tiffUnassoAlpha, false, true},
			{"graya", 2, tiffPhotoBlack, tiffUnassoAlpha, false, false},
		} {
			sp := tiffSpec{w: 157, h: 101, spp: c.spp, bits: bits, photometric: c.photo, extra: c.extra, ch: 1 << 20, compression: tiffNone}
			sources = append(sources, source{fmt.Sprintf("%s%d", c.name, bits), sp, c.jpeg && bits == 8, c.ximgd})
		}
	}
	layouts := [][]string{{"-t", "-w", "64", "-l", "64"}, {"-t", "-w", "16", "-l", "32"}, {"-s", "-r", "16"}, {"-s", "-r", "7"}}
	turn, long := 0, os.Getenv("NEURBF_LONG") != ""
	for si, src := range sources {
		samples := realSamples(t, src.sp.w, src.sp.h, src.sp.spp, src.sp.bits)
		in := writeTemp(t, src.name+".tif", writeTestTIFF(src.sp, samples))
		w, _, c, want := wantRaster(src.sp, samples)
		comps := []string{"none", "lzw", "lzw:2", "zip", "zip:2", "packbits"}
		if src.lossy {
			comps = append(comps, "jpeg", "jpeg:r")
		}
		for li, layout := range layouts {
			for ci, comp := range comps {
				if !long && (li+ci+si)%len(layouts) != 0 {
					continue // one layout per compression and source, in turn
				}
				for _, extra := range pickExtras(&turn) {
					jpeg := strings.HasPrefix(comp, "jpeg")
					separate := len(extra) > 0 && extra[0] == "-p"
					if jpeg && (separate || layout[2] == "7") || separate && src.sp.bits == 16 {
						continue // tiffcp makes no JPEG strips of 7 rows or separate planes, nor 16-bit planes
					}
					flags := append(append(append([]string{}, layout...), "-c", comp), extra...)
					name := src.name + " " + strings.Join(flags, " ")
					p := tiffcp(t, bin, in, flags...)
					r, _, err := LoadRaster(p, 0)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					got := rasterSamples(r)
					if jpeg {
						if psnr := samplesPSNR(got, want, 255); psnr < 30 {
							t.Errorf("%s: PSNR %.2f dB against the source, want ≥ 30", name, psnr)
						}
						continue
					}
					if d := firstDiff(got, want, w, c); d != "" {
						t.Fatalf("%s: %s", name, d)
					}
					big := len(extra) > 0 && extra[len(extra)-1] == "-8"
					if !src.xImage || big || separate || layout[0] == "-t" && xImageTileBug(src.sp) {
						continue
					}
					data, err := os.ReadFile(p)
					if err != nil {
						t.Fatal(err)
					}
					m, err := xtiff.Decode(bytes.NewReader(data))
					if err != nil {
						t.Fatalf("%s: x/image/tiff: %v", name, err)
					}
					xr, _ := RasterFromImage(m, c == 1, 1)
					if d := firstDiff(got, rasterSamples(xr), w, c); d != "" {
						t.Fatalf("%s: against x/image/tiff: %s", name, d)
					}
				}
			}
		}
	}
}

// xImageTileBug reports the files golang.org/x/image/tiff v0.30.0
// decodes wrongly when tiles are cut by the image's right edge: 8-bit gray
// and palette, and 16-bit RGB(A), whose decoders do not skip the tile's
// padding and read the next row from it.
func xImageTileBug(sp tiffSpec) bool {
	return sp.bits == 8 && sp.spp == 1 || sp.bits == 16 && sp.spp >= 3
}

// tiffcpExtras are the byte-order, BigTIFF and plane flags tried on top of
// a layout and a compression.
var tiffcpExtras = [][]string{{"-8"}, {"-B", "-8"}, {"-B"}, {"-p", "separate"}}

// pickExtras returns the flags to try for the next conversion: the plain
// classic file, and one of tiffcpExtras in turn (all of them with
// NEURBF_LONG=1, which also tries every layout with every compression).
func pickExtras(turn *int) [][]string {
	if os.Getenv("NEURBF_LONG") != "" {
		return append([][]string{nil}, tiffcpExtras...)
	}
	*turn++
	return [][]string{nil, tiffcpExtras[*turn%len(tiffcpExtras)]}
}

// samplesPSNR is the PSNR, in dB, of got against want at peak maxv.
func samplesPSNR(got, want []uint32, maxv float64) float64 {
	var se float64
	for i := range got {
		d := float64(got[i]) - float64(want[i])
		se += d * d
	}
	return 10 * math.Log10(maxv*maxv*float64(len(got))/se)
}
