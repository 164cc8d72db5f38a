package main

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCheck builds a repository holding one file of each kind and checks
// that exactly the binaries and the large file that is not allowed are
// reported.
func TestCheck(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	pe := make([]byte, 128)
	copy(pe, "MZ")
	binary.LittleEndian.PutUint32(pe[0x3c:], 80)
	copy(pe[80:], "PE\x00\x00")
	notPE := make([]byte, 128) // an MZ header without a PE signature
	copy(notPE, "MZ")
	files := map[string][]byte{
		"README.md":        []byte("# a text file\n"),
		"cmd/tool.test":    append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 100)...),
		"bin/tool":         append([]byte("\xcf\xfa\xed\xfe"), make([]byte, 100)...),
		"bin/tool.exe":     pe,
		"doc/mz.txt":       []byte("MZ is the start of this line, which is not a PE file\n"),
		"doc/mz.bin":       notPE,
		"lib/pkg.a":        []byte("!<arch>\n__.PKGDEF\n"),
		"web/main.wasm":    []byte("\x00asm\x01\x00\x00\x00"),
		"data/big.bin":     make([]byte, 2000),
		"data/allowed.bin": make([]byte, 2000),
		"data/small.bin":   make([]byte, 1000),
		"scripts/run.sh":   []byte("#!/bin/sh\necho hi\n"),
		"short":            []byte("M"),
		"empty":            nil,
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// An untracked binary is not the check's business.
	if err := os.WriteFile(filepath.Join(dir, "untracked.test"), []byte("\x7fELF"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "--", "."}, {"rm", "-q", "--cached", "untracked.test"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v: %s", args, err, out)
		}
	}
	// Tracked but deleted in the working tree: skipped, not an error.
	if err := os.Remove(filepath.Join(dir, "data/small.bin")); err != nil {
		t.Fatal(err)
	}

	problems, err := check(dir, 1500, pathList{"data/allowed.bin": true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		name, _, _ := strings.Cut(p, " ")
		got = append(got, name)
	}
	slices.Sort(got)
	want := []string{"bin/tool", "bin/tool.exe", "cmd/tool.test", "data/big.bin", "lib/pkg.a", "web/main.wasm"}
	if !slices.Equal(got, want) {
		t.Errorf("reported %q, want %q; problems:\n%s", got, want, strings.Join(problems, "\n"))
	}
	for _, p := range problems {
		if strings.HasPrefix(p, "data/big.bin ") && !strings.Contains(p, "2000 bytes") {
			t.Errorf("the size problem does not give the size: %s", p)
		}
	}
}

func TestCheckNotARepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir)) // in case TMPDIR is inside a repository
	if _, err := check(dir, 1, pathList{}); err == nil {
		t.Error("no error outside a git repository")
	}
}
