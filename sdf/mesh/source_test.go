package mesh

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestSmallInputSmallBuffer checks that decoding a small file of known
// length allocates in proportion to the file, not a read buffer sized for
// large meshes: with a fixed 64 KiB buffer each input of the fuzz targets
// cost that allocation twice (the fuzz function decodes from a reader of
// known length and from a stream), which made the fuzzer's minimisation
// of new inputs slow.
func TestSmallInputSmallBuffer(t *testing.T) {
	paths, err := filepath.Glob("testdata/cube*")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata/cube* files: %v", err)
	}
	for _, p := range paths {
		if strings.HasSuffix(p, ".gz") {
			continue // a gzip stream is decoded with a full-size buffer
		}
		data := readFile(t, filepath.Base(p))
		limit := 8<<10 + 8*uint64(len(data))
		best := ^uint64(0)
		for range 3 { // the least of three runs: other goroutines may allocate
			var err error
			best = min(best, allocated(func() { _, err = Decode(bytes.NewReader(data), p) }))
			if err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("%s: %d bytes allocated for %d bytes of input", p, best, len(data))
		if best > limit {
			t.Errorf("%s: %d bytes allocated for %d bytes of input, want ≤ %d", p, best, len(data), limit)
		}
	}
}
