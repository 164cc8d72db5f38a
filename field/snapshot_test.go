package field

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/nn"
)

func writeTestSnapshot(t *testing.T) (string, []byte) {
	t.Helper()
	a := nn.NewParam("a", "g", 3)
	copy(a.Data, []float32{1, -2.5, 3e-9})
	b := nn.NewParam("b", "g", 1)
	b.Data[0] = 42
	path := filepath.Join(t.TempDir(), "m.nrbf")
	if err := writeSnapshot(path, SnapshotHeader{Config: Config{Task: TaskImage, Width: 7}, Steps: 9}, []*nn.Param{a, b}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}

func TestSnapshotRoundTrip(t *testing.T) {
	path, _ := writeTestSnapshot(t)
	h, ts, err := readSnapshot(path)
	if err != nil {
		t.Fatal(err)
	}
	if h.Steps != 9 || h.Config.Width != 7 || h.Format != "neurbf snapshot" {
		t.Errorf("header %+v", h)
	}
	if len(ts) != 2 || ts[0].name != "a" || ts[1].name != "b" || ts[0].data[1] != -2.5 || ts[0].data[2] != 3e-9 || ts[1].data[0] != 42 {
		t.Errorf("tensors %+v", ts)
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
}

// reseal recomputes the checksum of a modified snapshot.
func reseal(b []byte) []byte {
	binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.Checksum(b[:len(b)-4], castagnoli))
	return b
}

func TestSnapshotRejectsBadFiles(t *testing.T) {
	_, good := writeTestSnapshot(t)
	mod := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "wrong magic"},
		{"magic", mod(func(b []byte) []byte { b[0] = 'X'; return b }), "wrong magic"},
		{"png", []byte("\x89PNG\r\n\x1a\n...."), "wrong magic"},
		{"version", mod(func(b []byte) []byte { b[8] = SnapshotVersion + 1; return reseal(b) }), fmt.Sprintf("version %d", SnapshotVersion+1)},
		{"version 0", mod(func(b []byte) []byte { b[8] = 0; return reseal(b) }), "version 0"},
		{"checksum", mod(func(b []byte) []byte { b[len(b)-9] ^= 1; return b }), "checksum"},
		{"truncated", good[:len(good)-7], "checksum"},
		{"short", good[:11], "truncated"},
		{"header length", mod(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[12:], 1<<30); return reseal(b) }), "implausible"},
		{"tensor length", mod(func(b []byte) []byte {
			i := len(b) - 4 - 4*1 - 8 // the last tensor's value count
			binary.LittleEndian.PutUint64(b[i:], 1<<40)
			return reseal(b)
		}), "malformed"},
	}
	for _, c := range cases {
		_, _, err := parseSnapshot(c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestLoadNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.nrbf")
	os.WriteFile(bad, []byte("hello"), 0o644)
	for _, p := range []string{bad, filepath.Join(dir, "missing.nrbf"), dir} {
		if _, _, err := Load(p); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("Load(%s): %v", p, err)
		}
	}
}
