package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neurbf/neurbf/field"
)

// TestInterruptWritesOutputs builds the command, starts a long fit, sends
// SIGINT (or SIGTERM) once training is under way, and requires exit code
// 130 with every output written for the steps that were trained and the
// run marked interrupted in metrics.json and the snapshot.
func TestInterruptWritesOutputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "neurbf")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) { testInterrupt(t, bin, sig) })
	}
}

// testInterrupt runs bin, sends sig during training and checks the outputs.
func testInterrupt(t *testing.T, bin string, sig syscall.Signal) {
	out := filepath.Join(t.TempDir(), "out")
	cmd := exec.Command(bin, "fit", "image", "--crop", "48", "--steps", "1000000", "-o", out)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	sc.Split(scanLinesOrCR)
	deadline := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	var log strings.Builder
	sent := false
	for sc.Scan() {
		line := sc.Text()
		log.WriteString(line + "\n")
		if !sent && strings.Contains(line, "step ") {
			time.Sleep(300 * time.Millisecond)
			cmd.Process.Signal(sig)
			sent = true
		}
	}
	err = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("exit code %d (%v), want 130\n%s", code, err, log.String())
	}
	if !strings.Contains(log.String(), "interrupted after") {
		t.Errorf("no interruption notice:\n%s", log.String())
	}
	var met struct {
		Steps      int               `json:"steps"`
		PSNR       float64           `json:"psnr"`
		Provenance *field.Provenance `json:"provenance"`
	}
	data, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &met); err != nil || met.Steps < 1 || met.Steps >= 1000000 || met.PSNR <= 0 {
		t.Errorf("metrics after interrupt: %+v, %v", met, err)
	}
	if met.Provenance == nil || !met.Provenance.Interrupted {
		t.Errorf("metrics.json does not say the run was interrupted: %s", data)
	}
	if _, h, err := field.Load(filepath.Join(out, "model.nrbf")); err != nil || h.Provenance == nil || !h.Provenance.Interrupted || h.Steps != met.Steps {
		t.Errorf("snapshot after interrupt: %+v, %v", h, err)
	}
	for _, f := range []string{"model.nrbf", "recon.png", "error.png", "compare.png", "curve.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
}

// scanLinesOrCR splits at \n or \r, as the progress line uses \r.
func scanLinesOrCR(data []byte, atEOF bool) (int, []byte, error) {
	for i, b := range data {
		if b == '\n' || b == '\r' {
			return i + 1, data[:i], nil
		}
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}
