package mesh

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVertexNormals(t *testing.T) {
	// Vertex 0 is shared by a face of area 1 facing +z and one of area 3
	// facing −x: its normal is (−3, 0, 1)/√10, the area-weighted mean.
	m := &Mesh{
		V: [][3]float64{{0, 0, 0}, {1, 0, 0}, {0, 2, 0}, {0, 0, 2}, {0, 3, 0}, {5, 5, 5}},
		F: [][3]int32{{0, 1, 2}, {0, 3, 4}},
	}
	got := VertexNormals(nil, m)
	want := [][3]float64{{-3 / math.Sqrt(10), 0, 1 / math.Sqrt(10)}, {0, 0, 1}, {0, 0, 1}, {-1, 0, 0}, {-1, 0, 0}, {}}
	for i := range want {
		for k := range 3 {
			if math.Abs(got[i][k]-want[i][k]) > 1e-15 {
				t.Fatalf("vertex %d normal %v, want %v", i, got[i], want[i])
			}
		}
	}
	// On a regular octahedron every vertex normal points along the vertex.
	oct := &Mesh{V: [][3]float64{{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}}}
	for _, x := range []int32{0, 1} {
		for _, y := range []int32{2, 3} {
			for _, z := range []int32{4, 5} {
				f := [3]int32{x, y, z}
				negatives := btoi(x == 1) + btoi(y == 3) + btoi(z == 5)
				if negatives%2 == 1 { // each negative axis mirrors the face
					f[1], f[2] = f[2], f[1]
				}
				oct.F = append(oct.F, f)
			}
		}
	}
	if SignedVolume(oct) <= 0 {
		t.Fatal("test octahedron is inside out")
	}
	dst := make([][3]float64, 2, 10) // reused, stale values cleared
	dst[0] = [3]float64{9, 9, 9}
	for i, n := range VertexNormals(dst, oct) {
		for k := range 3 {
			if math.Abs(n[k]-oct.V[i][k]) > 1e-15 {
				t.Fatalf("octahedron vertex %d normal %v, want %v", i, n, oct.V[i])
			}
		}
	}
}

// plyNormals returns the mesh and the per-vertex normals of a PLY file
// written by WritePLY: the geometry through the package's reader, the
// normals from the vertex records (36 bytes: three doubles, three floats).
func plyNormals(t *testing.T, path string) (*Mesh, [][3]float32) {
	t.Helper()
	m, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	head := []byte("end_header\n")
	i := bytes.Index(data, head)
	if i < 0 || !bytes.Contains(data[:i], []byte("property float nx\nproperty float ny\nproperty float nz\n")) {
		t.Fatalf("%s: no nx ny nz properties in the header", path)
	}
	body := data[i+len(head):]
	ns := make([][3]float32, len(m.V))
	for v := range ns {
		for k := range 3 {
			ns[v][k] = math.Float32frombits(binary.LittleEndian.Uint32(body[36*v+24+4*k:]))
		}
	}
	return m, ns
}

func TestWritePLYNormals(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	c := [3]float64{0.5, -1, 2}
	m := jitteredSphere(rng, c, 1.5, 10, 7)
	dir := t.TempDir()

	// Given normals (an SDF's gradient, here the radial direction) are
	// stored as they are, in single precision.
	radial := make([][3]float64, len(m.V))
	for i, v := range m.V {
		d := [3]float64{v[0] - c[0], v[1] - c[1], v[2] - c[2]}
		l := norm(d)
		radial[i] = [3]float64{d[0] / l, d[1] / l, d[2] / l}
	}
	area := VertexNormals(nil, m)
	for name, given := range map[string][][3]float64{"given.ply": radial, "area.ply.gz": nil} {
		path := filepath.Join(dir, name)
		if err := WritePLY(path, m, given); err != nil {
			t.Fatal(err)
		}
		got, ns := plyNormals(t, path)
		if len(got.V) != len(m.V) || len(got.F) != len(m.F) {
			t.Fatalf("%s: %d vertices, %d faces; want %d, %d", name, len(got.V), len(got.F), len(m.V), len(m.F))
		}
		for i := range m.V {
			if got.V[i] != m.V[i] {
				t.Fatalf("%s: vertex %d at %v, want %v", name, i, got.V[i], m.V[i])
			}
		}
		for i := range m.F {
			if got.F[i] != m.F[i] {
				t.Fatalf("%s: face %d is %v, want %v", name, i, got.F[i], m.F[i])
			}
		}
		want := given
		if want == nil {
			want = area
		}
		for i, n := range ns {
			for k := range 3 {
				if n[k] != float32(want[i][k]) {
					t.Fatalf("%s: normal %d is %v, want %v", name, i, n, want[i])
				}
			}
		}
	}
	// The area-weighted normals of a sphere point outwards, close to the
	// radial direction.
	for i := range area {
		if d := area[i][0]*radial[i][0] + area[i][1]*radial[i][1] + area[i][2]*radial[i][2]; d < 0.9 {
			t.Fatalf("vertex %d: area-weighted normal %v is far from the radial %v", i, area[i], radial[i])
		}
	}
	// EncodePLY writes the same bytes, uncompressed.
	var b bytes.Buffer
	if err := EncodePLY(&b, m, radial, "x.ply"); err != nil {
		t.Fatal(err)
	}
	if file, _ := os.ReadFile(filepath.Join(dir, "given.ply")); !bytes.Equal(file, b.Bytes()) {
		t.Error("WritePLY and EncodePLY differ")
	}
}

func TestWritePLYErrors(t *testing.T) {
	dir := t.TempDir()
	m := &Mesh{V: [][3]float64{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}, F: [][3]int32{{0, 1, 2}}}
	for _, tc := range []struct {
		name    string
		normals [][3]float64
		want    string
	}{
		{"a.obj", nil, "must end in .ply"},
		{"short.ply", [][3]float64{{0, 0, 1}}, "1 normals for 3 vertices"},
		{"nan.ply", [][3]float64{{0, 0, 1}, {0, math.NaN(), 1}, {0, 0, 1}}, "normal 1 is non-finite"},
		{filepath.Join("missing", "a.ply"), nil, "no such file"},
	} {
		path := filepath.Join(dir, tc.name)
		err := WritePLY(path, m, tc.normals)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("WritePLY(%s): error %v, want one naming the path and %q", tc.name, err, tc.want)
		}
	}
	if err := WritePLY(filepath.Join(dir, "bad.ply"), &Mesh{V: m.V, F: [][3]int32{{0, 1, 5}}}, nil); err == nil {
		t.Error("a face indexing a missing vertex gave no error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed writes left %d files behind", len(entries))
	}
}

func TestWriteOFFText(t *testing.T) {
	m := &Mesh{V: [][3]float64{{0, 0, 0}, {1, 0, 0}, {0, 0.1, 1e-20}}, F: [][3]int32{{0, 1, 2}}}
	var b bytes.Buffer
	if err := Encode(&b, m, "t.off"); err != nil {
		t.Fatal(err)
	}
	want := "OFF\n# written by neurbf\n3 1 0\n0 0 0\n1 0 0\n0 0.1 1e-20\n3 0 1 2\n"
	if b.String() != want {
		t.Errorf("OFF text\n%q\nwant\n%q", b.String(), want)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
