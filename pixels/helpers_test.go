package pixels

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"math/rand/v2"
	"testing"
)

// hash32 is a small integer hash; the golden values of the metric tests
// were computed in Python from the same formula.
func hash32(x, y, c, seed int) uint32 {
	h := uint32(x)*73856093 ^ uint32(y)*19349663 ^ uint32(c)*83492791 ^ uint32(seed)*2654435761
	h ^= h >> 13
	h *= 0x5bd1e995
	h ^= h >> 15
	return h
}

// synth8 returns a deterministic textured image of 8-bit levels: wrapped
// ramps plus hashed noise.
func synth8(w, h, c, seed int) []int {
	v := make([]int, w*h*c)
	for y := range h {
		for x := range w {
			for k := range c {
				v[(y*w+x)*c+k] = (x*5+y*3+k*40)%200 + 20 + int(hash32(x, y, k, seed)%31) - 15
			}
		}
	}
	return v
}

// perturb8 adds hashed noise in [−amp, amp] to the levels of a w×h×c
// image, clipping to [0, 255].
func perturb8(v []int, w, h, c, seed, amp int) []int {
	out := make([]int, len(v))
	for y := range h {
		for x := range w {
			for k := range c {
				i := (y*w+x)*c + k
				out[i] = min(255, max(0, v[i]+int(hash32(x, y, k, seed)%uint32(2*amp+1))-amp))
			}
		}
	}
	return out
}

// fromLevels makes an image from 8-bit levels, each divided by 255 in
// float32 (as Load does).
func fromLevels(v []int, w, h, c int) *Image {
	img := New(w, h, c)
	for i, l := range v {
		img.Pix[i] = float32(l) / 255
	}
	return img
}

// randImage returns a w×h×c image of uniform samples in [0,1).
func randImage(rng *rand.Rand, w, h, c int) *Image {
	img := New(w, h, c)
	for i := range img.Pix {
		img.Pix[i] = rng.Float32()
	}
	return img
}

// rawPNG builds a PNG stream by hand, for the colour types and headers
// Go's encoder never writes (gray+alpha, empty or huge sizes). rows holds
// the unfiltered scanlines; when nil, no IDAT chunk is written.
func rawPNG(t testing.TB, w, h uint32, depth, colorType byte, rows [][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = depth, colorType
	chunk("IHDR", ihdr)
	if rows != nil {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		for _, r := range rows {
			zw.Write([]byte{0}) // filter type None
			zw.Write(r)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		chunk("IDAT", z.Bytes())
	}
	chunk("IEND", nil)
	return b.Bytes()
}
