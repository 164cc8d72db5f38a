package pixels

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"testing"

	"github.com/neurbf/neurbf/internal/testfiles"
)

// Where the stored image's row 0 and column 0 go on the upright picture
// for each EXIF orientation, as the specification words it.
var orientationSides = [9][2]string{
	1: {"top", "left"}, 2: {"top", "right"}, 3: {"bottom", "right"}, 4: {"bottom", "left"},
	5: {"left", "top"}, 6: {"right", "top"}, 7: {"right", "bottom"}, 8: {"left", "bottom"},
}

// uprightPos returns where the stored pixel (sx, sy) of a w×h picture
// appears on the upright picture for orientation o, following
// orientationSides: a forward map, written independently of Orient's
// inverse one.
func uprightPos(o, sx, sy, w, h int) (x, y, uw, uh int) {
	uw, uh = w, h
	if o >= 5 {
		uw, uh = h, w
	}
	switch orientationSides[o][0] { // the stored row index sy runs from this side
	case "top":
		y = sy
	case "bottom":
		y = uh - 1 - sy
	case "left":
		x = sy
	case "right":
		x = uw - 1 - sy
	}
	switch orientationSides[o][1] { // the stored column index sx runs from this side
	case "left":
		x = sx
	case "right":
		x = uw - 1 - sx
	case "top":
		y = sx
	case "bottom":
		y = uh - 1 - sx
	}
	return x, y, uw, uh
}

func TestOrientAllEight(t *testing.T) {
	const w, h = 5, 3
	img := New(w, h, 3)
	for i := range img.Pix {
		img.Pix[i] = float32(i) / float32(len(img.Pix))
	}
	for o := 1; o <= 8; o++ {
		got := Orient(img, o)
		for sy := range h {
			for sx := range w {
				x, y, uw, uh := uprightPos(o, sx, sy, w, h)
				if got.W != uw || got.H != uh {
					t.Fatalf("orientation %d: %d×%d, want %d×%d", o, got.W, got.H, uw, uh)
				}
				for k := range 3 {
					if a, b := got.Pix[(y*uw+x)*3+k], img.Pix[(sy*w+sx)*3+k]; a != b {
						t.Fatalf("orientation %d: stored (%d,%d) not at upright (%d,%d)", o, sx, sy, x, y)
					}
				}
			}
		}
	}
	if Orient(img, 0) != img || Orient(img, 9) != img {
		t.Error("orientations outside 1–8 changed the image")
	}
}

// blockColours are the colours of the 3×2 blocks of the test JPEG,
// row-major: far apart so that JPEG compression cannot confuse them.
var blockColours = [6]color.NRGBA{
	{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255},
	{255, 255, 0, 255}, {0, 0, 0, 255}, {255, 255, 255, 255},
}

// orientedJPEG returns a JPEG of 3×2 blocks of 16×16 pixels whose APP1
// Exif segment, spliced in after the start-of-image marker, says
// orientation o (big- or little-endian TIFF).
func orientedJPEG(t testing.TB, o int, bigEndian bool) []byte {
	t.Helper()
	const b = 16
	m := image.NewNRGBA(image.Rect(0, 0, 3*b, 2*b))
	for y := range 2 * b {
		for x := range 3 * b {
			m.SetNRGBA(x, y, blockColours[(y/b)*3+x/b])
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	var bo binary.AppendByteOrder = binary.LittleEndian
	tiff := []byte("II")
	if bigEndian {
		bo, tiff = binary.BigEndian, []byte("MM")
	}
	tiff = bo.AppendUint16(tiff, 42)
	tiff = bo.AppendUint32(tiff, 8) // IFD0 right after the header
	tiff = bo.AppendUint16(tiff, 2) // two entries: an unrelated one first
	tiff = bo.AppendUint16(tiff, 0x010f)
	tiff = bo.AppendUint16(tiff, 2) // ASCII "Go\0", inline
	tiff = bo.AppendUint32(tiff, 3)
	tiff = append(tiff, 'G', 'o', 0, 0)
	tiff = bo.AppendUint16(tiff, exifOrientationTag)
	tiff = bo.AppendUint16(tiff, 3) // SHORT
	tiff = bo.AppendUint32(tiff, 1)
	tiff = bo.AppendUint16(tiff, uint16(o))
	tiff = bo.AppendUint16(tiff, 0)
	tiff = bo.AppendUint32(tiff, 0) // no next IFD
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := []byte{0xff, 0xe1}
	app1 = binary.BigEndian.AppendUint16(app1, uint16(2+len(seg)))
	app1 = append(app1, seg...)
	data := enc.Bytes()
	return append(append([]byte{0xff, 0xd8}, app1...), data[2:]...)
}

func TestDecodeJPEGOrientation(t *testing.T) {
	const b = 16
	for o := 1; o <= 8; o++ {
		img, info, err := DecodeWithInfo(bytes.NewReader(orientedJPEG(t, o, o%2 == 0)), "photo.jpg")
		if err != nil {
			t.Fatal(err)
		}
		if info.Orientation != o {
			t.Errorf("orientation %d reported as %d", o, info.Orientation)
		}
		// Each block's centre pixel must land where the orientation puts it.
		for by := range 2 {
			for bx := range 3 {
				sx, sy := bx*b+b/2, by*b+b/2
				x, y, uw, uh := uprightPos(o, sx, sy, 3*b, 2*b)
				if img.W != uw || img.H != uh {
					t.Fatalf("orientation %d: loaded %d×%d, want %d×%d", o, img.W, img.H, uw, uh)
				}
				want := blockColours[by*3+bx]
				p := img.Pix[(y*img.W+x)*3:]
				for k, v := range [3]uint8{want.R, want.G, want.B} {
					if d := p[k] - float32(v)/255; d > 0.1 || d < -0.1 {
						t.Fatalf("orientation %d: block (%d,%d) at (%d,%d) has %v, want %v", o, bx, by, x, y, p[:3], want)
					}
				}
			}
		}
	}
}

// TestDecodeJPEGOrientation6 spells out the common portrait case: a phone
// held upright stores its picture turned left, and orientation 6 turns it
// 90° clockwise, so the stored top-left block ends at the top right.
func TestDecodeJPEGOrientation6(t *testing.T) {
	img, err := Decode(bytes.NewReader(orientedJPEG(t, 6, true)), "portrait.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if img.W != 32 || img.H != 48 {
		t.Fatalf("loaded %d×%d, want the portrait 32×48", img.W, img.H)
	}
	topRight := img.Pix[(8*img.W+24)*3:][:3] // red, stored at the top left
	bottomLeft := img.Pix[(40*img.W+8)*3:][:3]
	if topRight[0] < 0.9 || topRight[1] > 0.1 || topRight[2] > 0.1 {
		t.Errorf("top right is %v, want red", topRight)
	}
	if bottomLeft[0] < 0.9 || bottomLeft[1] < 0.9 || bottomLeft[2] < 0.9 { // white, stored at the bottom right
		t.Errorf("bottom left is %v, want white", bottomLeft)
	}
}

func TestJPEGOrientationMalformed(t *testing.T) {
	good := orientedJPEG(t, 6, false)
	if got := jpegOrientation(good); got != 6 {
		t.Fatalf("orientation %d, want 6", got)
	}
	// The orientation value sits 8 bytes into the second IFD entry:
	// SOI (2) + APP1 marker and length (4) + "Exif\0\0" (6) + header (8)
	// + count (2) + first entry (12) + tag, type, count (8).
	const at = 2 + 4 + 6 + 8 + 2 + 12 + 8
	for name, edit := range map[string]func([]byte){
		"value 0":       func(d []byte) { d[at] = 0 },
		"value 9":       func(d []byte) { d[at] = 9 },
		"byte order":    func(d []byte) { d[12] = 'X' },
		"IFD offset":    func(d []byte) { d[16] = 0xf0 },
		"entry count":   func(d []byte) { d[20] = 0xff },
		"segment size":  func(d []byte) { d[4] = 0xff },
		"wrong type":    func(d []byte) { d[at-6] = 4 },
		"not Exif":      func(d []byte) { d[6] = 'X' },
		"no JPEG start": func(d []byte) { d[1] = 0 },
	} {
		d := bytes.Clone(good)
		edit(d)
		if got := jpegOrientation(d); got != 0 {
			t.Errorf("%s: orientation %d, want 0 (none)", name, got)
		}
	}
	// A picture whose tag is broken still loads, as stored.
	d := bytes.Clone(good)
	d[at] = 9
	img, info, err := DecodeWithInfo(bytes.NewReader(d), "odd.jpg")
	if err != nil || img.W != 48 || info.Orientation != 1 {
		t.Errorf("broken tag: %v, %+v, %v", img != nil, info, err)
	}
	for k := range len(good) {
		jpegOrientation(good[:k]) // truncations never panic
	}
}

// FuzzJPEGOrientation feeds arbitrary bytes, seeded with valid Exif
// JPEGs, to the orientation reader: it must never panic and must return 0
// or a value in 1–8.
func FuzzJPEGOrientation(f *testing.F) {
	for o := 1; o <= 8; o++ {
		f.Add(orientedJPEG(f, o, o%2 == 1)[:200])
	}
	f.Add([]byte{0xff, 0xd8, 0xff, 0xe1, 0x00, 0x02})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := jpegOrientation(data); o < 0 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}

// TestRealJPEGExif reads the Exif segment of a real camera-processed
// JPEG (the Hubble deep field, which states orientation 1) and of two
// JPEGs without Exif: a real-world check of the segment and IFD walk.
func TestRealJPEGExif(t *testing.T) {
	for name, want := range map[string]int{"hubble_deep_field.jpg": 1, "retina.jpg": 0, "rocket.jpg": 0} {
		data, err := os.ReadFile(testfiles.RealPath(t, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := jpegOrientation(data); got != want {
			t.Errorf("%s: orientation %d, want %d", name, got, want)
		}
		img, info, err := DecodeWithInfo(bytes.NewReader(data), name)
		if err != nil {
			t.Fatal(err)
		}
		if info.Orientation != 1 || info.BitDepth != 8 || img.W <= 0 {
			t.Errorf("%s: %+v", name, info)
		}
	}
}

// orientedTIFF returns a hand-made 3×2 uncompressed 8-bit gray TIFF
// (big-endian) with samples 10, 20, …, 60 row-major and Orientation o.
func orientedTIFF(o int) []byte {
	bo := binary.BigEndian
	pix := []byte{10, 20, 30, 40, 50, 60}
	type entry struct {
		tag, typ uint16
		val      uint32
	}
	entries := []entry{ // sorted by tag, as TIFF requires
		{256, 3, 3}, {257, 3, 2}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
		{273, 4, 0}, // strip offset, set below
		{exifOrientationTag, 3, uint32(o)}, {277, 3, 1}, {278, 3, 2}, {279, 4, uint32(len(pix))},
	}
	ifdLen := 2 + 12*len(entries) + 4
	entries[5].val = uint32(8 + ifdLen)
	t := []byte("MM")
	t = bo.AppendUint16(t, 42)
	t = bo.AppendUint32(t, 8)
	t = bo.AppendUint16(t, uint16(len(entries)))
	for _, e := range entries {
		t = bo.AppendUint16(t, e.tag)
		t = bo.AppendUint16(t, e.typ)
		t = bo.AppendUint32(t, 1)
		if e.typ == 3 { // a SHORT sits in the first two bytes of the value
			t = bo.AppendUint16(t, uint16(e.val))
			t = bo.AppendUint16(t, 0)
		} else {
			t = bo.AppendUint32(t, e.val)
		}
	}
	t = bo.AppendUint32(t, 0)
	return append(t, pix...)
}

func TestDecodeTIFFOrientation(t *testing.T) {
	for o := 1; o <= 8; o++ {
		img, info, err := DecodeWithInfo(bytes.NewReader(orientedTIFF(o)), "scan.tif")
		if err != nil {
			t.Fatal(err)
		}
		if info.Format != "tiff" || info.Orientation != o || img.C != 1 {
			t.Fatalf("orientation %d: %+v, C=%d", o, info, img.C)
		}
		for sy := range 2 {
			for sx := range 3 {
				x, y, uw, uh := uprightPos(o, sx, sy, 3, 2)
				if img.W != uw || img.H != uh {
					t.Fatalf("orientation %d: %d×%d, want %d×%d", o, img.W, img.H, uw, uh)
				}
				if got, want := img.Pix[y*uw+x], float32(10*(sy*3+sx+1))/255; got != want {
					t.Fatalf("orientation %d: stored (%d,%d) = %v at upright (%d,%d), found %v", o, sx, sy, want, x, y, got)
				}
			}
		}
	}
}
