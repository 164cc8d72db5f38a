package pixels

import (
	"encoding/binary"
	"fmt"
)

// EXIF orientation, after the TIFF/EXIF specification's Orientation tag
// (0x0112). For each value it says where the stored image's first row and
// first column belong on the upright picture:
//
//	1: row 0 at the top,    column 0 at the left   (as stored)
//	2: row 0 at the top,    column 0 at the right  (mirrored)
//	3: row 0 at the bottom, column 0 at the right  (turned 180°)
//	4: row 0 at the bottom, column 0 at the left   (flipped)
//	5: row 0 at the left,   column 0 at the top    (transposed)
//	6: row 0 at the right,  column 0 at the top    (to be turned 90° clockwise)
//	7: row 0 at the right,  column 0 at the bottom (transversed)
//	8: row 0 at the left,   column 0 at the bottom (to be turned 90° counter-clockwise)
const exifOrientationTag = 0x0112

// Orient returns img turned upright for the EXIF orientation o (see the
// table above): a new image, W and H swapped for 5–8. Orientation 1 and
// values outside 1–8 return img itself.
func Orient(img *Image, o int) *Image {
	img.mustBeValid()
	if o < 2 || o > 8 {
		return img
	}
	w, h, c := img.W, img.H, img.C
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := New(dw, dh, c)
	for y := range dh {
		for x := range dw {
			// (sx, sy) is the stored pixel shown at (x, y).
			var sx, sy int
			switch o {
			case 2:
				sx, sy = w-1-x, y
			case 3:
				sx, sy = w-1-x, h-1-y
			case 4:
				sx, sy = x, h-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, h-1-x
			case 7:
				sx, sy = w-1-y, h-1-x
			case 8:
				sx, sy = w-1-y, x
			}
			copy(dst.Pix[(y*dw+x)*c:][:c], img.Pix[(sy*w+sx)*c:][:c])
		}
	}
	return dst
}

// jpegOrientation returns the EXIF orientation of the JPEG stream data,
// or 0 when it has none or the Exif segment is malformed: a broken tag
// must not keep a decodable picture from loading.
func jpegOrientation(data []byte) int {
	tiff, err := jpegExif(data)
	if err != nil || tiff == nil {
		return 0
	}
	o, err := tiffOrientation(tiff)
	if err != nil {
		return 0
	}
	return o
}

// jpegExif returns the TIFF structure inside the first APP1 "Exif"
// segment of a JPEG stream, or nil when the markers before the image data
// hold none.
func jpegExif(data []byte) ([]byte, error) {
	if len(data) < 2 || data[0] != 0xff || data[1] != 0xd8 {
		return nil, fmt.Errorf("no JPEG start-of-image marker")
	}
	p := 2
	for p+4 <= len(data) {
		if data[p] != 0xff {
			return nil, fmt.Errorf("no marker at byte %d", p)
		}
		marker := data[p+1]
		switch {
		case marker == 0xff: // fill byte before a marker
			p++
			continue
		case marker == 0xd8 || marker >= 0xd0 && marker <= 0xd7 || marker == 0x01:
			p += 2 // markers without a length
			continue
		case marker == 0xda || marker == 0xd9:
			return nil, nil // start of scan or end of image: no Exif before it
		}
		n := int(binary.BigEndian.Uint16(data[p+2:]))
		if n < 2 || p+2+n > len(data) {
			return nil, fmt.Errorf("segment at byte %d overruns the file", p)
		}
		seg := data[p+4 : p+2+n]
		if marker == 0xe1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			return seg[6:], nil
		}
		p += 2 + n
	}
	return nil, nil
}

// tiffOrientation reads the Orientation tag of IFD0 (the main picture) in
// the TIFF structure t. It returns 0 when IFD0 has no such tag and an
// error when t is malformed or the value is not a SHORT in 1–8.
func tiffOrientation(t []byte) (int, error) {
	if len(t) < 8 {
		return 0, fmt.Errorf("short TIFF header")
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0, fmt.Errorf("unknown TIFF byte order %q", t[:2])
	}
	if bo.Uint16(t[2:]) != 42 {
		return 0, fmt.Errorf("not a TIFF structure")
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 0, fmt.Errorf("IFD0 offset %d outside the segment", ifd)
	}
	n := int(bo.Uint16(t[ifd:]))
	if ifd+2+12*n > len(t) {
		return 0, fmt.Errorf("IFD0 of %d entries overruns the segment", n)
	}
	for i := range n {
		e := t[ifd+2+12*i:]
		if bo.Uint16(e) != exifOrientationTag {
			continue
		}
		typ, count := bo.Uint16(e[2:]), bo.Uint32(e[4:])
		if typ != 3 || count != 1 { // one SHORT, stored in the entry itself
			return 0, fmt.Errorf("orientation of type %d, count %d", typ, count)
		}
		o := int(bo.Uint16(e[8:]))
		if o < 1 || o > 8 {
			return 0, fmt.Errorf("orientation %d outside 1–8", o)
		}
		return o, nil
	}
	return 0, nil
}
