package pixels

import (
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSavePNGRoundTrip(t *testing.T) {
	dir := t.TempDir()
	nan := float32(math.NaN())
	for _, c := range []int{1, 3} {
		img := New(4, 3, c)
		for i := range img.Pix {
			img.Pix[i] = float32(i)/float32(len(img.Pix)-1)*1.4 - 0.2 // spans beyond [0,1]
		}
		img.Pix[1] = nan
		path := filepath.Join(dir, "out.png")
		if err := SavePNG(path, img); err != nil {
			t.Fatal(err)
		}
		got, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if got.W != img.W || got.H != img.H || got.C != c {
			t.Fatalf("C=%d: reloaded %d×%d×%d", c, got.W, got.H, got.C)
		}
		for i, v := range img.Pix {
			want := float32(math.Round(float64(min(max(v, 0), 1))*255)) / 255
			if v != v {
				want = 0
			}
			if got.Pix[i] != want {
				t.Fatalf("C=%d: sample %d = %v after saving %v, want %v", c, i, got.Pix[i], v, want)
			}
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o644 {
			t.Errorf("mode %v, want 0644", st.Mode().Perm())
		}
	}
	checkNoTemp(t, dir)
}

func TestSavePNGFailuresLeaveNoTemp(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "taken"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "taken", "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	img := New(2, 2, 3)
	for _, path := range []string{
		filepath.Join(dir, "taken"),            // a non-empty directory: rename fails
		filepath.Join(dir, "missing", "a.png"), // no such directory: create fails
	} {
		err := SavePNG(path, img)
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("SavePNG(%s) = %v, want an error naming the path", path, err)
		}
	}
	checkNoTemp(t, dir)
}

// checkNoTemp fails when dir holds a temporary file left by SavePNG.
func checkNoTemp(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestToImageTypes(t *testing.T) {
	gray := New(2, 1, 1)
	gray.Pix[0], gray.Pix[1] = 0.5, 1
	if m, ok := ToImage(gray).(*image.Gray); !ok || m.Pix[0] != 128 || m.Pix[1] != 255 {
		t.Errorf("ToImage(gray) = %#v", ToImage(gray))
	}
	if m := ToNRGBA(gray); m.Pix[0] != 128 || m.Pix[1] != 128 || m.Pix[2] != 128 || m.Pix[3] != 255 {
		t.Errorf("ToNRGBA(gray) first pixel = %v", m.Pix[:4])
	}
	rgb := New(1, 1, 3)
	rgb.Pix[0], rgb.Pix[1], rgb.Pix[2] = 0.2, 0.4, 0.6
	if m, ok := ToImage(rgb).(*image.NRGBA); !ok || m.Pix[0] != 51 || m.Pix[1] != 102 || m.Pix[2] != 153 || m.Pix[3] != 255 {
		t.Errorf("ToImage(rgb) = %#v", ToImage(rgb))
	}
}

func TestMalformedImagePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for a Pix slice of the wrong length")
		}
	}()
	ToImage(&Image{W: 2, H: 2, C: 3, Pix: make([]float32, 11)})
}
