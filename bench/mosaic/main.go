// Command mosaic builds a big test image from real photographs, for the
// benchmarks of big-image fitting: the canvas is tiled, row by row, with
// the input images at their own resolution (never scaled), cycling through
// them; a repeated input is mirrored (left-right, then top-bottom, then
// both) so that no two tiles are identical. The PNG is written row by row,
// so the canvas is never held whole: the inputs are.
//
//	go run ./bench/mosaic -size 6000x4000 -o testdata/big/mosaic-24mp.png testdata/big/*.png
//
// Numbers measured on such an image must say that it is a mosaic.
package main

import (
	"bufio"
	"compress/zlib"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"os"

	"github.com/neurbf/neurbf/pixels"
)

func main() {
	size := flag.String("size", "6000x4000", "canvas `W`xH in pixels")
	out := flag.String("o", "mosaic.png", "output PNG")
	flag.Parse()
	var w, h int
	if _, err := fmt.Sscanf(*size, "%dx%d", &w, &h); err != nil || w <= 0 || h <= 0 {
		fail(fmt.Errorf("-size %q: want WxH", *size))
	}
	if flag.NArg() == 0 {
		fail(fmt.Errorf("no input images"))
	}
	var srcs []*pixels.Raster
	for _, p := range flag.Args() {
		r, _, err := pixels.LoadRaster(p, 0)
		if err != nil {
			fail(err)
		}
		srcs = append(srcs, r)
	}
	if err := write(*out, w, h, srcs); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mosaic:", err)
	os.Exit(1)
}

// tile is one placed input.
type tile struct {
	src          *pixels.Raster
	x0, y0       int
	flipX, flipY bool
}

// layout places the inputs in rows: each row as tall as its tallest tile.
func layout(w, h int, srcs []*pixels.Raster) []tile {
	var tiles []tile
	k := 0
	for y := 0; y < h; {
		rowH := 0
		for x := 0; x < w; {
			s := srcs[k%len(srcs)]
			rep := k / len(srcs)
			tiles = append(tiles, tile{s, x, y, rep%2 == 1, (rep/2)%2 == 1})
			x += s.W
			rowH = max(rowH, s.H)
			k++
		}
		y += rowH
	}
	return tiles
}

// write streams the canvas as an 8-bit RGB PNG.
func write(path string, w, h int, srcs []*pixels.Raster) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	bw.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2
	chunk(bw, "IHDR", ihdr)
	cw := &chunkWriter{w: bw}
	z, _ := zlib.NewWriterLevel(cw, zlib.BestSpeed)
	tiles := layout(w, h, srcs)
	row := make([]byte, 1+3*w)
	px := make([]float32, 3)
	for y := range h {
		row[0] = 0
		for _, t := range tiles {
			if y < t.y0 || y >= t.y0+t.src.H {
				continue
			}
			sy := y - t.y0
			if t.flipY {
				sy = t.src.H - 1 - sy
			}
			for x := t.x0; x < min(w, t.x0+t.src.W); x++ {
				sx := x - t.x0
				if t.flipX {
					sx = t.src.W - 1 - sx
				}
				t.src.Pixel(px, sy*t.src.W+sx)
				for c := range 3 {
					row[1+3*x+c] = uint8(px[min(c, t.src.C-1)]*255 + 0.5) // gray photos in gray
				}
			}
		}
		if _, err := z.Write(row); err != nil {
			return err
		}
		if y%1000 == 0 {
			fmt.Fprintf(os.Stderr, "\rmosaic: row %d of %d", y, h)
		}
	}
	fmt.Fprintln(os.Stderr)
	if err := z.Close(); err != nil {
		return err
	}
	if err := cw.flush(); err != nil {
		return err
	}
	chunk(bw, "IEND", nil)
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// chunkWriter cuts the compressed stream into IDAT chunks of 1 MiB.
type chunkWriter struct {
	w   io.Writer
	buf []byte
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	c.buf = append(c.buf, p...)
	for len(c.buf) >= 1<<20 {
		chunk(c.w, "IDAT", c.buf[:1<<20])
		c.buf = c.buf[1<<20:]
	}
	return len(p), nil
}

func (c *chunkWriter) flush() error {
	if len(c.buf) > 0 {
		chunk(c.w, "IDAT", c.buf)
		c.buf = nil
	}
	return nil
}

func chunk(w io.Writer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	w.Write(n[:])
	io.WriteString(w, typ)
	w.Write(data)
	crc := crc32.NewIEEE()
	io.WriteString(crc, typ)
	crc.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	w.Write(n[:])
}
