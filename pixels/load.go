package pixels

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // register the JPEG decoder
	_ "image/png"  // register the PNG decoder
	"io"
	"os"

	_ "golang.org/x/image/bmp"  // register the BMP decoder
	_ "golang.org/x/image/tiff" // register the TIFF decoder
	_ "golang.org/x/image/webp" // register the WebP decoder

	"github.com/neurbf/neurbf/internal/sysmem"
)

// floatShare is the fraction of the memory this process may use (the
// tighter of MemAvailable and the cgroup limit) that a whole-image float
// decode may take; a header claiming more is refused before any pixel is
// decoded. LoadRaster, which holds pixels at their source depth, has a
// caller-given limit instead.
const floatShare = 0.8

// checkFloatBytes refuses a w×h image whose float copy, with the decoded
// picture it is converted from, would not fit in floatShare of the memory
// available (no limit when that cannot be read).
func checkFloatBytes(name string, w, h int, format string) error {
	need := int64(w) * int64(h) * (3*4 + 8)
	m, err := sysmem.Read()
	if err != nil {
		return nil
	}
	if avail := int64(floatShare * float64(m.Available)); need > avail {
		return fmt.Errorf("%s: a %d×%d %s image needs %s decoded whole as floats, more than the %s available; neurbf fit image and eval read it at its source depth instead",
			name, w, h, format, FormatBytes(need), FormatBytes(avail))
	}
	return nil
}

// Info describes the file an image was decoded from.
type Info struct {
	// Format is the registered name of the file format: "png", "jpeg",
	// "bmp", "tiff" or "webp".
	Format string
	// AlphaIgnored is true when the file has an alpha channel and at
	// least one pixel is not fully opaque. The alpha was dropped and the
	// stored (non-premultiplied) colour kept, so callers may want to warn.
	AlphaIgnored bool
	// BitDepth is the number of bits per sample the file stored: 16 for
	// 16-bit PNG and TIFF files, 8 for all others. Save a result with
	// ToImageDepth(img, info.BitDepth) to keep the input's precision.
	BitDepth int
	// Orientation is the EXIF orientation (1–8) of a JPEG file, or the
	// Orientation tag of a TIFF file, already applied: the image is
	// upright as a viewer would show it, and its width and height are
	// swapped for orientations 5–8. It is 1 when the file has no (or an
	// unusable) orientation tag, and for the other formats.
	Orientation int
}

// Load reads the image file at path. See LoadWithInfo.
func Load(path string) (*Image, error) {
	img, _, err := LoadWithInfo(path)
	return img, err
}

// LoadWithInfo reads the image file at path and also reports what the
// file held. Gray files give C=1, all others C=3; alpha is dropped; the
// orientation a JPEG's EXIF or a TIFF's tags state is applied. Errors are
// one line, "<path>: <problem>": missing, a directory, not an image,
// truncated or corrupt, empty, or too large to hold as floats in the memory available.
func LoadWithInfo(path string) (*Image, Info, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Info{}, pathError(path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, Info{}, pathError(path, err)
	}
	if st.IsDir() {
		return nil, Info{}, fmt.Errorf("%s: is a directory, not an image file", path)
	}
	return DecodeWithInfo(f, path)
}

// Decode reads an image from r; name (usually the file name) is only
// used in error messages. See DecodeWithInfo.
func Decode(r io.Reader, name string) (*Image, error) {
	img, _, err := DecodeWithInfo(r, name)
	return img, err
}

// DecodeWithInfo reads an image from r and reports what it held; name is
// only used in error messages, which read "<name>: <problem>". The header
// is checked (format, non-empty, small enough to hold as floats in the
// memory available) before the pixels are
// decoded. A JPEG's EXIF orientation, or a TIFF's, is applied
// (Info.Orientation).
func DecodeWithInfo(r io.Reader, name string) (*Image, Info, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, Info{}, fmt.Errorf("%s: %v", name, err)
	}
	if isTIFF(data) {
		img, info, err := decodeTIFFImage(data, name)
		if !errors.Is(err, errTIFFFallback) {
			return img, info, err
		}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	switch {
	case errors.Is(err, image.ErrFormat):
		return nil, Info{}, fmt.Errorf("%s: not an image (unknown format; want PNG, JPEG, BMP, TIFF or WebP)", name)
	case err != nil:
		return nil, Info{}, fmt.Errorf("%s: corrupt or truncated %s header: %v", name, format, err)
	case cfg.Width <= 0 || cfg.Height <= 0:
		return nil, Info{}, fmt.Errorf("%s: empty %s image (%d×%d pixels)", name, format, cfg.Width, cfg.Height)
	}
	if err := checkFloatBytes(name, cfg.Width, cfg.Height, format); err != nil {
		return nil, Info{}, err
	}
	m, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, Info{}, fmt.Errorf("%s: corrupt or truncated %s data: %v", name, format, err)
	}
	img, alpha := fromImage(m, format == "png" && pngGrayAlpha(data))
	info := Info{Format: format, AlphaIgnored: alpha, BitDepth: bitDepth(m), Orientation: 1}
	o := 0
	switch format {
	case "jpeg":
		o = jpegOrientation(data)
	case "tiff":
		o, _ = tiffOrientation(data) // a TIFF file is the structure itself
	}
	if o > 1 {
		img, info.Orientation = Orient(img, o), o
	}
	return img, info, nil
}

// bitDepth returns the bits per sample of a decoded picture: 16 for the
// 16-bit image types Go's decoders return, 8 for all others.
func bitDepth(m image.Image) int {
	switch m.(type) {
	case *image.Gray16, *image.NRGBA64, *image.RGBA64:
		return 16
	}
	switch m.ColorModel() {
	case color.Gray16Model, color.NRGBA64Model, color.RGBA64Model:
		return 16
	}
	return 8
}

// pngGrayAlpha reports whether the PNG stream data has colour type 4
// (gray with alpha), which Go's decoder returns as NRGBA. The colour type
// is byte 25: 8 bytes of signature, the IHDR chunk's length and type (8),
// width and height (8) and the bit depth (1).
func pngGrayAlpha(data []byte) bool {
	return len(data) > 25 && string(data[12:16]) == "IHDR" && data[25] == 4
}
