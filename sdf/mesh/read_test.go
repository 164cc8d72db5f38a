package mesh

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/internal/testfiles"
)

// streamOnly hides every method of a reader but Read, so that Decode
// cannot learn the input length, as with a pipe or a network stream.
type streamOnly struct{ io.Reader }

// checkUnitCube fails the test unless m is the closed, outward-oriented
// unit cube [0,1]³ as 12 triangles on 8 vertices.
func checkUnitCube(t *testing.T, name string, m *Mesh) {
	t.Helper()
	if len(m.V) != 8 || len(m.F) != 12 {
		t.Errorf("%s: %d vertices, %d faces; want 8, 12", name, len(m.V), len(m.F))
	}
	if lo, hi := Bounds(m); lo != [3]float64{} || hi != [3]float64{1, 1, 1} {
		t.Errorf("%s: bounds %v %v, want [0,1]³", name, lo, hi)
	}
	if !Closed(m) {
		t.Errorf("%s: not closed", name)
	}
	if a := Area(m); math.Abs(a-6) > 1e-12 {
		t.Errorf("%s: area %v, want 6", name, a)
	}
	if v := SignedVolume(m); math.Abs(v-1) > 1e-12 {
		t.Errorf("%s: signed volume %v, want 1", name, v)
	}
}

func TestReadTestdata(t *testing.T) {
	paths, err := filepath.Glob("testdata/cube*")
	if err != nil || len(paths) != 18 {
		t.Fatalf("want 18 testdata files (9 variants and their gzip), got %d (%v)", len(paths), err)
	}
	for _, p := range paths {
		m, err := Read(p)
		if err != nil {
			t.Errorf("Read: %v", err)
			continue
		}
		checkUnitCube(t, p, m)

		// The same content through a stream of unknown length and under
		// a name without a useful extension (headerless OFF needs it).
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := "stream"
		if strings.Contains(p, "noheader") {
			name = p
		}
		m, err = Decode(streamOnly{bytes.NewReader(data)}, name)
		if err != nil {
			t.Errorf("Decode of a stream: %v", err)
			continue
		}
		checkUnitCube(t, p+" (stream)", m)
	}
}

func TestRealMeshes(t *testing.T) {
	for _, tc := range []struct {
		name string
		v, f int
	}{
		{"armadillo.off", 26002, 52000},
		{"elephant.off", 2775, 5558},
		{"fandisk.off", 6475, 12946},
		{"knot1.off", 3200, 6400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Read(testfiles.RealPath(t, tc.name))
			if err != nil {
				t.Fatal(err)
			}
			if len(m.V) != tc.v || len(m.F) != tc.f {
				t.Errorf("%d vertices, %d faces; want %d, %d", len(m.V), len(m.F), tc.v, tc.f)
			}
			if !Closed(m) {
				t.Error("not closed")
			}
			if v := SignedVolume(m); v <= 0 {
				t.Errorf("signed volume %v, want > 0 (outward faces)", v)
			}
		})
	}
}

// plyHead returns a binary little-endian PLY header with the given
// element lines.
func plyHead(format string, elements ...string) []byte {
	return []byte("ply\nformat " + format + " 1.0\n" + strings.Join(elements, "\n") + "\nend_header\n")
}

func le(vals ...any) []byte {
	var b bytes.Buffer
	for _, v := range vals {
		binary.Write(&b, binary.LittleEndian, v)
	}
	return b.Bytes()
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func gz(data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

func TestBadInput(t *testing.T) {
	tri := "v 0 0 0\nv 1 0 0\nv 0 1 0\n"
	tri3 := "0 0 0\n1 0 0\n0 1 0\n"
	vertexF := "element vertex 3\nproperty float x\nproperty float y\nproperty float z"
	face := "element face 1\nproperty list uchar int vertex_indices"
	stl := readFile(t, "cube_binary.stl")
	huge := func(format, el string) []byte {
		return cat(plyHead(format, el, "property float x\nproperty float y\nproperty float z", face), bytes.Repeat([]byte{'1', ' '}, 30))
	}
	stlHuge := cat(make([]byte, 80), le(uint32(math.MaxUint32)), stl[84:])
	// want lists the acceptable error texts, separated by "|". When the
	// input length is unknown, an impossible count is only found out as
	// the input ends, so an end-of-input error is then accepted too.
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty.obj", []byte(tri), "no faces"},
		{"empty.ply", cat(plyHead("ascii", vertexF, "element face 0\nproperty list uchar int vertex_indices"), []byte(tri3)), "no faces"},
		{"noface.ply", cat(plyHead("ascii", vertexF), []byte(tri3)), "no face element"},
		{"nothing.off", nil, "unexpected end of input"},
		{"nan.obj", []byte("v nan 0 0\n" + tri[8:] + "v 0 0 1\nf 1 2 3\n"), "non-finite"},
		{"inf.off", []byte("OFF\n3 1 0\n0 0 0\n1 0 0\n0 -Inf 0\n3 0 1 2\n"), "non-finite"},
		{"nan.ply", cat(plyHead("binary_little_endian", vertexF, face), le(float32(0), float32(0), float32(0), float32(1), float32(math.NaN()), float32(0), float32(0), float32(1), float32(0)), le(uint8(3), int32(0), int32(1), int32(2))), "non-finite"},
		{"nan.stl", cat(make([]byte, 80), le(uint32(1)), le(make([]float32, 3), float32(math.Inf(1)), make([]float32, 8)), []byte{0, 0}), "non-finite"},
		{"missing.obj", []byte(tri + "f 1 2 9\n"), "refers to vertex 8"},
		{"before.obj", []byte(tri + "f -1 -2 -9\n"), "reaches before"},
		{"zero.obj", []byte(tri + "f 0 1 2\n"), "index 0"},
		{"missing.off", []byte("OFF\n3 1\n0 0 0\n1 0 0\n0 1 0\n3 0 1 99\n"), "refers to vertex 99"},
		{"missing.ply", cat(plyHead("ascii", vertexF, face), []byte("0 0 0\n1 0 0\n0 1 0\n3 0 1 3\n")), "refers to vertex 3"},
		{"negative.ply", cat(plyHead("ascii", vertexF, face), []byte("0 0 0\n1 0 0\n0 1 0\n3 0 1 -1\n")), "out of range"},
		{"degenerate.obj", []byte("v 0 0 0\nv 0 0 0\nv 0 0 0\nf 1 2 3\n"), "degenerate"},
		{"truncated_le.ply", readFile(t, "cube_le.ply")[:560], "unexpected end of input|claims 1 material"},
		{"truncated_be.ply", readFile(t, "cube_be.ply")[:500], "unexpected end of input"},
		{"truncated_ascii.ply", readFile(t, "cube_ascii.ply")[:450], "unexpected end of input"},
		{"truncated.stl", stl[:len(stl)-7], "triangle"},
		{"header.stl", stl[:50], "truncated header"},
		{"truncated.off", readFile(t, "cube.off")[:100], "unexpected end of input|expected a corner count"},
		{"facet.stl", []byte("solid x\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\n"), "inside a facet"},
		{"junk.stl", []byte("solid x\nfacet normal 0 0 1\nbanana\n"), "unexpected \"banana\""},
		{"hello.xyz", []byte("hello world\n"), "unknown format"},
		{"bad.gz", []byte("\x1f\x8bnot really gzip"), "gzip"},
		{"nox.ply", cat(plyHead("ascii", "element vertex 1\nproperty float y", face)), "no scalar property \"x\""},
		{"fmt.ply", []byte("ply\nformat binary_middle_endian 1.0\nend_header\n"), "unknown format"},
		{"4d.off", []byte("4OFF\n"), "three-dimensional"},
		{"bin.off", []byte("OFF BINARY\n"), "binary OFF"},
		// Header counts far beyond what the input holds.
		{"huge_le.ply", huge("binary_little_endian", "element vertex 5000000000"), "claims 5000000000|exceed the limit"},
		{"huge_be.ply", huge("binary_big_endian", "element vertex 2000000000"), "claims 2000000000"},
		{"huge_ascii.ply", huge("ascii", "element vertex 2000000000"), "unexpected end of input"},
		{"huge_int.ply", huge("ascii", "element vertex 5000000000"), "exceed the limit"},
		{"huge_list.ply", cat(plyHead("binary_little_endian", vertexF, "element face 1\nproperty list uint int vertex_indices"), make([]byte, 36), le(uint32(math.MaxUint32)), make([]byte, 40)), "unexpected end of input"},
		{"huge.stl", stlHuge, "claims 4294967295"},
		{"huge.off", []byte("OFF\n2000000000 2000000000 0\n0 0 0\n"), "unexpected end of input"},
		{"huge_int.off", []byte("OFF\n5000000000 1 0\n0 0 0\n"), "exceed the limit"},
	} {
		for _, mode := range []string{"bytes", "stream", "gzip"} {
			var r io.Reader
			switch mode {
			case "bytes":
				r = bytes.NewReader(tc.data)
			case "stream":
				r = streamOnly{bytes.NewReader(tc.data)}
			case "gzip":
				if strings.HasSuffix(tc.name, ".gz") {
					continue
				}
				r = bytes.NewReader(gz(tc.data))
			}
			var err error
			n := allocated(func() { _, err = Decode(r, tc.name) })
			switch {
			case err == nil:
				t.Errorf("%s (%s): no error, want %q", tc.name, mode, tc.want)
				continue
			case !strings.HasPrefix(err.Error(), "mesh: "+tc.name+": "):
				t.Errorf("%s (%s): error %q does not start with the file name", tc.name, mode, err)
			case !mentions(err, tc.want, mode != "bytes"):
				t.Errorf("%s (%s): error %q, want it to mention %q", tc.name, mode, err, tc.want)
			case strings.ContainsAny(err.Error(), "\n\r"):
				t.Errorf("%s (%s): error %q spans lines", tc.name, mode, err)
			}
			if n > 2<<20 {
				t.Errorf("%s (%s): %d bytes allocated for %d bytes of input", tc.name, mode, n, len(tc.data))
			}
		}
	}
}

func TestReadMissingFile(t *testing.T) {
	_, err := Read("testdata/no-such-file.ply")
	if err == nil || !strings.Contains(err.Error(), "testdata/no-such-file.ply") {
		t.Errorf("error %v, want one naming the path", err)
	}
}

func TestRepeatedIndexDropped(t *testing.T) {
	m, err := Decode(strings.NewReader("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 2\nf 1 1 3\nf 1 2 3\nf 1 2 3 3\n"), "x.obj")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.F) != 2 || m.F[0] != [3]int32{0, 1, 2} || m.F[1] != [3]int32{0, 1, 2} {
		t.Errorf("faces %v, want [[0 1 2] [0 1 2]]", m.F)
	}
}

// mentions reports whether err contains one of the "|"-separated texts of
// want, or, if unknownLength, says that the input ended early.
func mentions(err error, want string, unknownLength bool) bool {
	if unknownLength {
		want += "|unexpected end of input|truncated"
	}
	for _, w := range strings.Split(want, "|") {
		if strings.Contains(err.Error(), w) {
			return true
		}
	}
	return false
}
