package pixels

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
)

// jpegChunk decodes a JPEG-compressed chunk (TIFF compression 7) with
// image/jpeg. The chunk is a complete JPEG stream whose quantisation and
// Huffman tables may live in the JPEGTables tag instead: the two are
// joined (the tables without their end marker, the chunk without its
// start marker). The stream's size is checked against the chunk's before
// it is decoded, so a forged JPEG header allocates nothing.
func (s *tiffStream) jpegChunk(p, cx, cy int, off, n uint64, vw, vh int) error {
	name := s.chunkName(p, cx, cy)
	if int64(n) > s.jpegMaxBytes() {
		return s.errorf("JPEG %s of %d bytes is larger than a %d×%d chunk can be", name, n, s.cw, s.ch)
	}
	t := s.jpegTables
	head := 0
	if len(t) > 0 {
		if len(t) < 4 || t[0] != 0xff || t[1] != 0xd8 || t[len(t)-2] != 0xff || t[len(t)-1] != 0xd9 {
			return s.errorf("malformed JPEGTables")
		}
		head = len(t) - 2
	}
	need := head + int(n)
	if cap(s.jpeg) < need {
		s.jpeg = make([]byte, need)
	}
	buf := s.jpeg[:need]
	copy(buf, t[:head])
	if _, err := s.ra.ReadAt(buf[head:], int64(off)); err != nil {
		return s.errorf("reading JPEG %s: %v", name, err)
	}
	if head > 0 {
		if n < 2 || buf[head] != 0xff || buf[head+1] != 0xd8 {
			return s.errorf("JPEG %s does not start with a start-of-image marker", name)
		}
		buf = append(buf[:head], buf[head+2:]...)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(buf))
	if err != nil {
		return s.errorf("corrupt JPEG %s: %v", name, err)
	}
	if cfg.Width != s.cw || cfg.Height < vh || cfg.Height > s.ch {
		return s.errorf("JPEG %s holds %d×%d pixels, not %d×%d", name, cfg.Width, cfg.Height, s.cw, s.ch)
	}
	m, err := jpeg.Decode(bytes.NewReader(buf))
	if err != nil {
		return s.errorf("corrupt JPEG %s: %v", name, err)
	}
	for y := range vh {
		if err := s.jpegRow(m, y, vw); err != nil {
			return s.errorf("JPEG %s: %v", name, err)
		}
		s.store(cy*s.ch+y, cx*s.cw, vw, p, s.row)
	}
	return nil
}

// jpegRow writes the first w pixels of row y of a decoded JPEG chunk to
// s.row as 8-bit samples, gray or RGB as the file's samples are.
func (s *tiffStream) jpegRow(m image.Image, y, w int) error {
	row := s.row
	switch m := m.(type) {
	case *image.Gray:
		if s.spp == 1 {
			copy(row[:w], m.Pix[y*m.Stride:])
			return nil
		}
	case *image.YCbCr:
		if s.spp == 3 {
			for x := range w {
				yi, ci := m.YOffset(x, y), m.COffset(x, y)
				row[3*x], row[3*x+1], row[3*x+2] = color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
			}
			return nil
		}
	case *image.RGBA:
		if s.spp == 3 {
			for x := range w {
				copy(row[3*x:3*x+3], m.Pix[y*m.Stride+4*x:])
			}
			return nil
		}
	}
	return fmt.Errorf("decoded as %T, which does not match the file's %d samples a pixel", m, s.spp)
}
