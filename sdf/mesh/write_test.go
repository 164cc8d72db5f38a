package mesh

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// jitteredSphere returns a closed, outward-oriented UV sphere of radius r
// about c, with its vertices moved randomly so that every coordinate has
// many significant digits and all positions differ even in float32.
func jitteredSphere(rng *rand.Rand, c [3]float64, r float64, nu, nv int) *Mesh {
	m := &Mesh{V: [][3]float64{{c[0], c[1], c[2] - r}}}
	for i := 1; i < nv; i++ {
		th := math.Pi * float64(i) / float64(nv)
		for j := range nu {
			ph := 2 * math.Pi * float64(j) / float64(nu)
			s := r * (1 + 0.05*rng.Float64())
			m.V = append(m.V, [3]float64{c[0] + s*math.Sin(th)*math.Cos(ph), c[1] + s*math.Sin(th)*math.Sin(ph), c[2] - s*math.Cos(th)})
		}
	}
	m.V = append(m.V, [3]float64{c[0], c[1], c[2] + r})
	ring := func(i, j int) int32 { return int32(1 + (i-1)*nu + (j+nu)%nu) }
	top := int32(len(m.V) - 1)
	for j := range nu {
		m.F = append(m.F, [3]int32{0, ring(1, j+1), ring(1, j)})
		m.F = append(m.F, [3]int32{top, ring(nv-1, j), ring(nv-1, j+1)})
		for i := 1; i < nv-1; i++ {
			a, b, c, d := ring(i, j), ring(i, j+1), ring(i+1, j+1), ring(i+1, j)
			m.F = append(m.F, [3]int32{a, b, c}, [3]int32{a, c, d})
		}
	}
	return m
}

func TestJitteredSphereIsClosed(t *testing.T) {
	m := jitteredSphere(rand.New(rand.NewPCG(1, 2)), [3]float64{1, 2, 3}, 2, 12, 8)
	if !Closed(m) || SignedVolume(m) <= 0 {
		t.Fatalf("test mesh: closed %v, volume %v", Closed(m), SignedVolume(m))
	}
}

func TestRoundTrip(t *testing.T) {
	m := jitteredSphere(rand.New(rand.NewPCG(1, 2)), [3]float64{1, 2, 3}, 2, 12, 8)
	dir := t.TempDir()
	names := []string{"a.ply", "a.obj", "a.off", "a.stl", "a.ply.gz", "a.obj.gz", "a.OFF.GZ", "a.STL.GZ"}
	for _, name := range names {
		path := filepath.Join(dir, name)
		if err := Write(path, m); err != nil {
			t.Fatal(err)
		}
		var enc bytes.Buffer
		if err := Encode(&enc, m, name); err != nil {
			t.Fatal(err)
		}
		if file, _ := os.ReadFile(path); !bytes.Equal(file, enc.Bytes()) {
			t.Errorf("%s: Write and Encode differ", name)
		}
		got, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.V) != len(m.V) || len(got.F) != len(m.F) {
			t.Fatalf("%s: %d vertices, %d faces; want %d, %d", name, len(got.V), len(got.F), len(m.V), len(m.F))
		}
		for i, f := range m.F {
			for j := range 3 {
				want := m.V[f[j]]
				if strings.Contains(strings.ToLower(name), ".stl") {
					// STL stores float32 and numbers vertices by first use.
					want = [3]float64{float64(float32(want[0])), float64(float32(want[1])), float64(float32(want[2]))}
				} else if got.F[i] != f {
					t.Fatalf("%s: face %d is %v, want %v", name, i, got.F[i], f)
				}
				if p := got.V[got.F[i][j]]; p != want {
					t.Fatalf("%s: face %d corner %d at %v, want %v", name, i, j, p, want)
				}
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(names) {
		t.Errorf("directory holds %d entries after %d writes (temporary files left?)", len(entries), len(names))
	}
}

func TestWriteErrors(t *testing.T) {
	dir := t.TempDir()
	good := &Mesh{V: [][3]float64{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}, F: [][3]int32{{0, 1, 2}}}
	bad := &Mesh{V: good.V, F: [][3]int32{{0, 1, 3}}}
	nan := &Mesh{V: [][3]float64{{0, 0, 0}, {1, math.NaN(), 0}, {0, 1, 0}}, F: good.F}
	for _, tc := range []struct {
		path string
		m    *Mesh
		want string
	}{
		{filepath.Join(dir, "a.xyz"), good, "unknown extension"},
		{filepath.Join(dir, "missing", "a.ply"), good, "missing"},
		{filepath.Join(dir, "bad.ply"), bad, "refers to vertex 3"},
		{filepath.Join(dir, "nan.obj"), nan, "non-finite"},
	} {
		err := Write(tc.path, tc.m)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
			t.Errorf("Write(%s): error %v, want one naming the path and %q", tc.path, err, tc.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed writes left %d files behind", len(entries))
	}
	// A successful write replaces an existing file whole.
	path := filepath.Join(dir, "a.obj")
	os.WriteFile(path, bytes.Repeat([]byte("junk\n"), 1000), 0o644)
	if err := Write(path, good); err != nil {
		t.Fatal(err)
	}
	if m, err := Read(path); err != nil || len(m.F) != 1 {
		t.Errorf("after overwriting: %v, %v", m, err)
	}
}
