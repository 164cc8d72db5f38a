package pixels

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// chunk appends one PNG chunk with its CRC.
func chunk(buf *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	buf.Write(n[:])
	buf.WriteString(typ)
	buf.Write(data)
	binary.BigEndian.PutUint32(n[:], crc32.ChecksumIEEE(append([]byte(typ), data...)))
	buf.Write(n[:])
}

// filterRow applies PNG filter f forwards to raw (given the previous raw
// row, nil on the first), the inverse of what a decoder undoes.
func filterRow(f byte, raw, prev []byte, bpp int) []byte {
	out := make([]byte, len(raw))
	at := func(s []byte, i int) int {
		if s == nil || i < 0 {
			return 0
		}
		return int(s[i])
	}
	for i := range raw {
		a, b, c := at(raw, i-bpp), at(prev, i), at(prev, i-bpp)
		var pred int
		switch f {
		case 1:
			pred = a
		case 2:
			pred = b
		case 3:
			pred = (a + b) / 2
		case 4:
			pred = paeth(a, b, c)
		}
		out[i] = raw[i] - byte(pred)
	}
	return out
}

// makePNG encodes random pixels of the given colour type and depth with a
// random filter on every row, the data split over several IDAT chunks.
func makePNG(t *testing.T, rng *rand.Rand, w, h int, ct, depth byte, interlace byte) []byte {
	t.Helper()
	samples := map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ct]
	rowBytes := (w*samples*int(depth) + 7) / 8
	bpp := max(samples*int(depth)/8, 1)
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9], ihdr[12] = depth, ct, interlace
	chunk(&buf, "IHDR", ihdr)
	if ct == 3 {
		pal := make([]byte, 3<<depth)
		for i := range pal {
			pal[i] = byte(rng.IntN(256))
		}
		chunk(&buf, "PLTE", pal)
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	var prev []byte
	for range h {
		raw := make([]byte, rowBytes)
		for i := range raw {
			raw[i] = byte(rng.IntN(256))
		}
		if (ct == 4 || ct == 6) && rng.IntN(2) == 0 { // some fully opaque rows
			step := samples * int(depth) / 8
			for i := step - int(depth)/8; i < len(raw); i += step {
				for k := range int(depth) / 8 {
					raw[i+k] = 0xff
				}
			}
		}
		f := byte(rng.IntN(5))
		zw.Write(append([]byte{f}, filterRow(f, raw, prev, bpp)...))
		prev = raw
	}
	zw.Close()
	data := z.Bytes()
	for len(data) > 0 {
		n := min(len(data), 1+rng.IntN(97))
		chunk(&buf, "IDAT", data[:n])
		data = data[n:]
	}
	chunk(&buf, "IEND", nil)
	return buf.Bytes()
}

// TestPNGRowsMatchesImagePNG decodes every colour type and depth both row
// by row and with the standard library, and compares every sample.
func TestPNGRowsMatchesImagePNG(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []struct{ ct, depth byte }{
		{0, 1}, {0, 2}, {0, 4}, {0, 8}, {0, 16}, {2, 8}, {2, 16},
		{3, 1}, {3, 2}, {3, 4}, {3, 8}, {4, 8}, {4, 16}, {6, 8}, {6, 16},
	}
	for _, c := range cases {
		for _, size := range [][2]int{{1, 1}, {13, 7}, {40, 9}} {
			w, h := size[0], size[1]
			file := makePNG(t, rng, w, h, c.ct, c.depth, 0)
			ref, err := png.Decode(bytes.NewReader(file))
			if err != nil {
				t.Fatalf("type %d depth %d: the standard decoder refuses the test file: %v", c.ct, c.depth, err)
			}
			pr, err := NewPNGRows(bytes.NewReader(file), "t.png")
			if err != nil {
				t.Fatalf("type %d depth %d: %v", c.ct, c.depth, err)
			}
			if pr.W != w || pr.H != h || pr.Depth != int(c.depth) {
				t.Fatalf("type %d depth %d: header %d×%d depth %d", c.ct, c.depth, pr.W, pr.H, pr.Depth)
			}
			row := make([]uint16, w*pr.C)
			alpha := false
			for y := 0; ; y++ {
				got, err := pr.Next(row)
				if err == io.EOF {
					if y != h {
						t.Fatalf("EOF after %d rows of %d", y, h)
					}
					break
				}
				if err != nil || got != y {
					t.Fatalf("type %d depth %d row %d: %d, %v", c.ct, c.depth, y, got, err)
				}
				for x := range w {
					n := color.NRGBA64Model.Convert(ref.At(x, y)).(color.NRGBA64)
					if nrgba, ok := ref.At(x, y).(color.NRGBA); ok { // exact colour of translucent 8-bit pixels
						n = color.NRGBA64{uint16(nrgba.R) * 257, uint16(nrgba.G) * 257, uint16(nrgba.B) * 257, uint16(nrgba.A) * 257}
					}
					alpha = alpha || n.A != 0xffff
					want := []uint16{n.R, n.G, n.B}[:pr.C]
					for k, v := range want {
						if row[x*pr.C+k] != v {
							t.Fatalf("type %d depth %d, pixel (%d,%d) channel %d: %d, want %d", c.ct, c.depth, x, y, k, row[x*pr.C+k], v)
						}
					}
				}
			}
			if c.ct != 3 && pr.AlphaIgnored() != alpha {
				t.Errorf("type %d depth %d: AlphaIgnored %v, want %v", c.ct, c.depth, pr.AlphaIgnored(), alpha)
			}
			pr.Close()
		}
	}
}

// TestPNGRowsErrors checks the refusals: not a PNG, interlaced, a broken
// checksum, truncated data (naming the row), a bad filter type.
func TestPNGRowsErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	good := makePNG(t, rng, 30, 20, 2, 8, 0)
	readAll := func(file []byte) error {
		pr, err := NewPNGRows(bytes.NewReader(file), "t.png")
		if err != nil {
			return err
		}
		row := make([]uint16, pr.W*pr.C)
		for {
			if _, err := pr.Next(row); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
		}
	}
	if err := readAll(good); err != nil {
		t.Fatalf("good file: %v", err)
	}
	if err := readAll([]byte("GIF89a....")); err == nil || !strings.Contains(err.Error(), "not a PNG") {
		t.Errorf("not a PNG: %v", err)
	}
	if _, err := NewPNGRows(bytes.NewReader(makePNG(t, rng, 8, 8, 0, 8, 1)), "t.png"); !errors.Is(err, ErrInterlaced) {
		t.Errorf("interlaced: %v", err)
	}
	bad := bytes.Clone(good)
	bad[20] ^= 1 // inside IHDR's data
	if err := readAll(bad); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("broken checksum: %v", err)
	}
	if err := readAll(good[:len(good)/2]); err == nil || !strings.Contains(err.Error(), "t.png") {
		t.Errorf("truncated: %v", err)
	}
	// A filter byte of 7 on the first row: rebuild the file by hand.
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 2)
	binary.BigEndian.PutUint32(ihdr[4:], 1)
	ihdr[8] = 8
	chunk(&buf, "IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte{7, 1, 2})
	zw.Close()
	chunk(&buf, "IDAT", z.Bytes())
	chunk(&buf, "IEND", nil)
	if err := readAll(buf.Bytes()); err == nil || !strings.Contains(err.Error(), "filter") {
		t.Errorf("bad filter: %v", err)
	}
}
