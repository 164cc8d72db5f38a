package mesh

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzDecode seeds f with the testdata files matching glob and checks
// that decoding any input, from a reader of known length and from a
// stream, neither panics nor allocates more than a fixed multiple of the
// (decompressed) input, and that a mesh returned without error is valid.
func fuzzDecode(f *testing.F, name, glob string) {
	paths, err := filepath.Glob(filepath.Join("testdata", glob))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seeds match testdata/%s", glob)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// Text parsers grow their slices by append, which allocates up to
		// about 5× the final size; a list of one-byte indices yields a
		// 12-byte triangle per byte of input.
		limit := 128*decompressedLen(data) + 4<<20
		for _, r := range []io.Reader{bytes.NewReader(data), streamOnly{bytes.NewReader(data)}} {
			var (
				m   *Mesh
				err error
			)
			if n := allocated(func() { m, err = Decode(r, name) }); n > limit {
				t.Fatalf("%d bytes allocated for %d bytes of input", n, len(data))
			}
			if err != nil {
				if strings.ContainsAny(err.Error(), "\n\r") {
					t.Fatalf("error spans lines: %q", err)
				}
				continue
			}
			if err := check(m); err != nil || len(m.F) == 0 {
				t.Fatalf("invalid mesh returned without error: %v, %d faces", err, len(m.F))
			}
		}
	})
}

// decompressedLen returns the length of data, or of its decompression if
// it is gzip-compressed.
func decompressedLen(data []byte) uint64 {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return uint64(len(data))
	}
	n, _ := io.Copy(io.Discard, io.LimitReader(zr, 1<<30))
	return max(uint64(n), uint64(len(data)))
}

func FuzzReadPLY(f *testing.F) { fuzzDecode(f, "fuzz.ply", "*.ply*") }
func FuzzReadOBJ(f *testing.F) { fuzzDecode(f, "fuzz.obj", "*.obj*") }
func FuzzReadSTL(f *testing.F) { fuzzDecode(f, "fuzz.stl", "*.stl*") }
func FuzzReadOFF(f *testing.F) { fuzzDecode(f, "fuzz.off", "*.off*") }
