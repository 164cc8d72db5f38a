package mesh

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/internal/testfiles"
)

var update = flag.Bool("update", false, "rewrite assets/bunny.obj from testdata/real/bunny/index.js")

func TestBunnyAsset(t *testing.T) {
	m, err := Decode(bytes.NewReader(assets.Bunny), "bunny.obj")
	if err != nil {
		t.Fatal(err)
	}
	// docs/DATA.md: 1,839 vertices, 3,674 faces, closed, outward-oriented.
	if len(m.V) != 1839 || len(m.F) != 3674 {
		t.Errorf("%d vertices, %d faces; want 1839, 3674", len(m.V), len(m.F))
	}
	if !Closed(m) {
		t.Error("not closed")
	}
	if v := SignedVolume(m); v <= 0 {
		t.Errorf("signed volume %v, want > 0", v)
	}
}

// TestBunnyAssetMatchesNPM converts the npm package's index.js (two
// JavaScript arrays, exports.positions and exports.cells with 0-based
// indices) to OBJ and compares it with the committed asset; with -update
// it rewrites the asset instead.
func TestBunnyAssetMatchesNPM(t *testing.T) {
	src, err := os.ReadFile(testfiles.RealPath(t, "bunny/index.js"))
	if err != nil {
		t.Fatal(err)
	}
	m := &Mesh{}
	for _, part := range []struct {
		prefix string
		dst    any
	}{{"exports.positions=", &m.V}, {"exports.cells=", &m.F}} {
		i := bytes.Index(src, []byte(part.prefix))
		if i < 0 {
			t.Fatalf("index.js has no %q", part.prefix)
		}
		rest := src[i+len(part.prefix):]
		if j := bytes.IndexByte(rest, '\n'); j >= 0 {
			rest = rest[:j]
		}
		if err := json.Unmarshal(bytes.TrimRight(rest, ";\r"), part.dst); err != nil {
			t.Fatalf("index.js %s: %v", part.prefix, err)
		}
	}
	var obj bytes.Buffer
	if err := Encode(&obj, m, "bunny.obj"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "assets", "bunny.obj")
	if *update {
		if err := os.WriteFile(path, obj.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(obj.Bytes(), assets.Bunny) && !*update {
		t.Errorf("assets/bunny.obj differs from the conversion of index.js; run go test ./sdf/mesh -run BunnyAssetMatchesNPM -update")
	}
}
