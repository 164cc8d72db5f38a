// Package scripts tests the shell scripts of this folder that decide
// whether scripts/test.sh passes.
package scripts

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// run runs the script with args and stdin, returning its combined output
// and whether it exited with status 0.
func run(t *testing.T, stdin string, script string, args ...string) (string, bool) {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	cmd := exec.Command("bash", append([]string{script}, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("%s: %v", script, err)
	}
	return string(out), err == nil
}

func TestFuzzRate(t *testing.T) {
	const head = "fuzz: elapsed: 0s, gathering baseline coverage: 0/7 completed\n" +
		"fuzz: elapsed: 0s, gathering baseline coverage: 7/7 completed, now fuzzing with 2 workers\n"
	for _, tc := range []struct {
		name, log string
		ok        bool
		want      string // in the output
	}{
		// The stalled run of issue #11: the last line counts.
		{"stalled", head + "fuzz: elapsed: 3s, execs: 12 (4/sec), new interesting: 0 (total: 7)\n" +
			"fuzz: elapsed: 11s, execs: 15 (0/sec), new interesting: 0 (total: 7)\nPASS\n", false, "15 executions in 11s (1/s)"},
		// A healthy run whose last interval shows 0/sec.
		{"healthy", head + "fuzz: elapsed: 9s, execs: 41026 (13000/sec), new interesting: 4 (total: 11)\n" +
			"fuzz: elapsed: 11s, execs: 41026 (0/sec), new interesting: 4 (total: 11)\nPASS\n", true, "41026 executions in 11s (3730/s)"},
		{"minutes", "fuzz: elapsed: 1m3s, execs: 6237 (0/sec)\n", false, "6237 executions in 63s (99/s)"},
		{"exactly", "fuzz: elapsed: 1h0m0s, execs: 360000 (0/sec)\n", true, "(100/s)"},
		{"no progress line", "ok  \tgithub.com/neurbf/neurbf/sdf/mesh\t0.5s\n", false, "no \"execs:\" progress line"},
		{"no time", "fuzz: elapsed: 0s, execs: 10 (0/sec)\n", false, "no elapsed time"},
	} {
		out, ok := run(t, tc.log, "fuzz-rate.sh", "FuzzX", "100")
		if ok != tc.ok || !strings.Contains(out, tc.want) {
			t.Errorf("%s: passed %v, output %q; want passed %v and %q", tc.name, ok, out, tc.ok, tc.want)
		}
	}
}

// TestCheckTreeRepository runs check-tree.sh on this repository, which
// must pass (scripts/checktree tests the checks themselves).
func TestCheckTreeRepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	if err := exec.Command("git", "rev-parse", "--is-inside-work-tree").Run(); err != nil {
		t.Skip("not inside a git work tree (an exported copy of the module)")
	}
	if out, ok := run(t, "", "check-tree.sh"); !ok {
		t.Errorf("check-tree.sh fails on the repository:\n%s", out)
	}
}

// TestCheckTreeFails runs check-tree.sh on a repository tracking a test
// binary and a 4 MB file: it must fail and name both.
func TestCheckTreeFails(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	files := map[string][]byte{
		"ok.txt":     []byte("text\n"),
		"field.test": append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 64)...),
		"big.bin":    make([]byte, 4<<20),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "--", "."}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v: %s", args, err, out)
		}
	}
	out, ok := run(t, "", "check-tree.sh", dir)
	if ok || !strings.Contains(out, "field.test is tracked but is an ELF") || !strings.Contains(out, "big.bin is tracked and has 4194304 bytes") || strings.Contains(out, "ok.txt") {
		t.Errorf("check-tree.sh passed %v on a repository with a binary and a big file; output:\n%s", ok, out)
	}
}
