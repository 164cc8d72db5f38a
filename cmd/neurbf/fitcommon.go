package main

// What fit image and fit sdf share: the training flags, the checks of the
// output directory before any work, the training run itself (signals,
// progress, checkpoints), the provenance and run record in metrics.json,
// and atomic JSON output.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/atomicfile"
	"github.com/neurbf/neurbf/internal/cli"
)

// trainFlags are the flags every fit command has.
type trainFlags struct {
	out     string
	params  int
	steps   int
	budget  time.Duration
	batch   int
	seed    uint64
	threads int
	config  string
	encoder string
	quiet   bool
	force   bool
	// checkpoint is the training time between saved checkpoints (0: none).
	checkpoint time.Duration
}

// register adds the shared flags to c; paramsHelp and batchHelp describe
// the task's defaults for --params and --batch.
func (f *trainFlags) register(c *command, paramsHelp, batchHelp string) {
	c.StringVar(&f.out, "o", defaultOut, "output `directory` (created if missing; it must be empty unless --force)")
	c.BoolVar(&f.force, "force", false, "reuse an output directory that holds a previous run: its outputs and checkpoints/ are deleted before training")
	c.IntVar(&f.params, "params", 0, "trainable-parameter budget ("+paramsHelp+")")
	c.IntVar(&f.steps, "steps", 0, "training steps; the learning rates decay over them (default: as many as the --time budget allows)")
	c.DurationVar(&f.budget, "time", 0, "wall-clock budget of training, e.g. 90s, measurements and checkpoints included; the learning rates decay with this clock (default: 1m when --steps is not given either, else none)")
	c.IntVar(&f.batch, "batch", 0, batchHelp)
	c.Uint64Var(&f.seed, "seed", 0, "random seed for initialisation and sampling")
	c.IntVar(&f.threads, "threads", runtime.NumCPU(), "worker goroutines (0: all CPUs)")
	c.StringVar(&f.config, "config", "", "JSON `file` with a field.Config; flags given explicitly override it")
	c.StringVar(&f.encoder, "encoder", "", "hybrid (NeuRBF, default), grid (Instant-NGP-like ablation) or rbf")
	c.BoolVar(&f.quiet, "q", false, "no progress output (the training line and the phases before and after it)")
	c.DurationVar(&f.checkpoint, "checkpoint", 0, "also save the model as DIR/checkpoints/step-NNNNNN.nrbf every `interval` of training time, e.g. 1m, to measure a quality curve afterwards (default: never)")
}

// check rejects values that cannot mean anything.
func (f trainFlags) check(set map[string]bool) error {
	switch {
	case set["params"] && f.params <= 0:
		return fmt.Errorf("%w: --params must be positive, got %d", errUsage, f.params)
	case set["steps"] && f.steps <= 0:
		return fmt.Errorf("%w: --steps must be positive, got %d", errUsage, f.steps)
	case f.budget < 0 || (set["time"] && f.budget == 0):
		return fmt.Errorf("%w: --time must be positive, got %s", errUsage, f.budget)
	case f.batch < 0:
		return fmt.Errorf("%w: --batch must not be negative, got %d", errUsage, f.batch)
	case f.checkpoint < 0:
		return fmt.Errorf("%w: --checkpoint must not be negative, got %s", errUsage, f.checkpoint)
	case f.threads < 0:
		return fmt.Errorf("%w: --threads must not be negative (0: all CPUs), got %d", errUsage, f.threads)
	}
	return nil
}

// baseConfig reads the --config file, then applies the flags given
// explicitly (set holds their names).
func (f trainFlags) baseConfig(set map[string]bool) (field.Config, error) {
	var cfg field.Config
	if f.config != "" {
		data, err := os.ReadFile(f.config)
		if err != nil {
			return cfg, fmt.Errorf("config: %w", err)
		}
		if err := decodeConfig(data, &cfg); err != nil {
			return cfg, fmt.Errorf("%s: %w", f.config, err)
		}
	}
	if set["params"] {
		cfg.Params = f.params
	}
	if set["steps"] {
		cfg.Train.Steps = f.steps
	}
	if set["batch"] {
		cfg.Train.Batch = f.batch
	}
	if set["seed"] {
		cfg.Train.Seed = f.seed
	}
	if set["encoder"] {
		cfg.Encoder = f.encoder
	}
	return cfg, nil
}

// writeFile writes data to path atomically (internal/atomicfile).
func writeFile(path string, data []byte) error {
	if err := atomicfile.Write(path, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// runInfo is what every metrics.json records about the training run.
type runInfo struct {
	Encoder      string  `json:"encoder,omitempty"`
	Params       int     `json:"params,omitempty"` // trainable parameters
	RBFs         int     `json:"rbfs,omitempty"`
	Steps        int     `json:"steps,omitempty"`
	TrainSeconds float64 `json:"train_seconds,omitempty"` // the training clock: wall time from the first step's start to the last step's end, measurements during training included
	StepSeconds  float64 `json:"step_seconds,omitempty"`  // the part of it spent in the steps themselves
	InitSeconds  float64 `json:"init_seconds,omitempty"`
	// SamplesPerSecond is training samples per second of step time
	// (StepSeconds), the throughput of the arithmetic.
	SamplesPerSecond float64 `json:"samples_per_second,omitempty"`
	Threads          int     `json:"threads,omitempty"`
	Kernels          string  `json:"kernels,omitempty"`
	CPU              string  `json:"cpu,omitempty"`
	// Provenance is the snapshot's: input, seed, command, version,
	// interrupted (docs/SNAPSHOT.md).
	Provenance *field.Provenance `json:"provenance,omitempty"`
}

// fill records what the training run measured.
func (r *runInfo) fill(m *field.Model, tr *field.Trainer, initSec float64, threads int, prov *field.Provenance) {
	r.Encoder = m.Config.Encoder
	r.Params = m.TrainableParams()
	r.RBFs = m.Config.RBFs
	r.Steps = tr.StepsDone()
	r.TrainSeconds = tr.Elapsed().Seconds()
	r.StepSeconds = tr.StepTime().Seconds()
	r.InitSeconds = initSec
	if r.StepSeconds > 0 {
		r.SamplesPerSecond = float64(tr.Samples()) / r.StepSeconds
	}
	r.Threads = threads
	r.Kernels = kernelsName()
	r.CPU = cpuName()
	r.Provenance = prov
}

// decodeConfig reads a --config document into cfg, refusing keys that
// field.Config does not have (a misspelt key would otherwise be ignored
// without a word) and anything after the object.
func decodeConfig(data []byte, cfg *field.Config) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		if k, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return fmt.Errorf("unknown key %s (see field.Config for the keys)", k)
		}
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}

// fitOutputs are the files fit image and fit sdf write into their output
// directory; --force deletes them (and checkpoints/) before a new run.
var fitOutputs = []string{"model.nrbf", "metrics.json", "recon.png", "error.png", "compare.png", "curve.png", "recon.dzi", "recon_files", "mesh.ply", "render.png", "checkpoints"}

// ensureWritable creates dir if missing and checks that a file can be
// created in it, before any work.
func ensureWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output directory %s: %w", dir, pathErr(err))
	}
	probe, err := os.CreateTemp(dir, ".neurbf-probe-*")
	if err != nil {
		return fmt.Errorf("output directory %s is not writable: %w", dir, pathErr(err))
	}
	probe.Close()
	if err := os.Remove(probe.Name()); err != nil {
		return fmt.Errorf("output directory %s: %w", dir, pathErr(err))
	}
	return nil
}

// prepareOutput checks, before any work, that dir can take a run's
// outputs: it is created if missing, a probe file is created in it and
// removed, and it must be empty unless force, which deletes a previous
// run's outputs (fitOutputs) from it and says so on stderr. Other files
// in it are left alone.
func prepareOutput(dir string, force bool, stderr io.Writer) error {
	if err := ensureWritable(dir); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("output directory %s: %w", dir, pathErr(err))
	}
	if len(entries) == 0 {
		return nil
	}
	if !force {
		var names []string
		for _, e := range entries[:min(len(entries), 3)] {
			names = append(names, e.Name())
		}
		if len(entries) > 3 {
			names = append(names, "…")
		}
		return fmt.Errorf("output directory %s is not empty (%s): pass --force to replace a previous run there, or choose another -o", dir, strings.Join(names, ", "))
	}
	var removed []string
	for _, e := range entries {
		if !slices.Contains(fitOutputs, e.Name()) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("--force: %w", err)
		}
		removed = append(removed, e.Name())
	}
	if len(removed) > 0 {
		fmt.Fprintf(stderr, "--force: deleted the previous run's %s from %s\n", strings.Join(removed, ", "), dir)
	}
	return nil
}

// pathErr drops the operation and path from an *os.PathError, which the
// messages above already name.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readInput reads the file to fit, or returns the built-in asset's bytes
// when path is empty; name is what messages and the provenance call it.
func readInput(path, builtin string, asset []byte) (data []byte, name string, err error) {
	if path == "" {
		return asset, "built-in:" + builtin, nil
	}
	st, err := os.Stat(path)
	if err == nil && st.IsDir() {
		return nil, path, fmt.Errorf("%s: is a directory, not a file", path)
	}
	data, err = os.ReadFile(path)
	if err != nil {
		return nil, path, err
	}
	return data, path, nil
}

// newProvenance describes a fit of input (its bytes data) run as the
// command line `neurbf words... args...`. The seed is filled in once the
// config is resolved.
func newProvenance(input string, data []byte, words, args []string) *field.Provenance {
	sum := sha256.Sum256(data)
	b := cli.Build()
	rev := b.Revision
	if rev != "" && b.Modified {
		rev += "+modified"
	}
	return &field.Provenance{
		Input:       input,
		InputSHA256: hex.EncodeToString(sum[:]),
		Command:     shellJoin(append(append([]string{"neurbf"}, words...), args...)),
		Version:     b.Version,
		Revision:    rev,
		CPU:         cpuName(),
		Kernels:     kernelsName(),
	}
}

// shellJoin joins args into a command line a POSIX shell reads back as
// the same words: an argument with anything but letters, digits and
// -_./=:,+@% is single-quoted.
func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		safe := a != ""
		for _, r := range a {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%", r)) {
				safe = false
				break
			}
		}
		if safe {
			q[i] = a
		} else {
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}

// errInterrupted is returned by a fit stopped by SIGINT or SIGTERM after
// it wrote its outputs; the command then exits with code 130 (exitCode).
var errInterrupted = errors.New("interrupted")

// exitCode returns 130 (128 + SIGINT, what a shell reports for a command
// stopped by Ctrl-C) when err is an interrupted fit, else code, the exit
// code cli.Exit chose for err.
func exitCode(err error, code int) int {
	if errors.Is(err, errInterrupted) {
		return 130
	}
	return code
}

// limitText says what ends a training run, for the header line.
func limitText(steps int, budget time.Duration) string {
	switch {
	case steps > 0 && budget > 0:
		return fmt.Sprintf("%d steps or %s, whichever comes first", steps, budget)
	case budget > 0:
		return "until " + budget.String()
	}
	return fmt.Sprintf("%d steps", steps)
}

// train runs tr to its step limit or budget, or until the first SIGINT or
// SIGTERM (a second one kills the process at once), with the progress line
// on stderr unless -q and checkpoints when --checkpoint was given. It
// reports whether the run was interrupted, and then also says so on stderr
// and marks prov.
func (f trainFlags) train(tr *field.Trainer, m *field.Model, prov *field.Provenance, stderr io.Writer) (interrupted bool, err error) {
	cp, err := f.addCheckpoints(tr, m, prov)
	if err != nil {
		return false, err
	}
	var bar *progressBar
	if !f.quiet {
		bar = newProgressBar(stderr)
		tr.Recorders = append(tr.Recorders, bar)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() { <-ctx.Done(); stop() }() // after the first signal, the default action: a second one kills
	runErr := tr.Run(ctx)
	stop()
	bar.Done()
	if err := cp.Err(); err != nil {
		return false, err
	}
	if runErr != nil {
		if !errors.Is(runErr, context.Canceled) {
			return false, runErr
		}
		prov.Interrupted = true
		fmt.Fprintf(stderr, "interrupted after %d steps: writing the outputs for what was trained\n", tr.StepsDone())
		return true, nil
	}
	return false, nil
}

// phases reports the work after training on stderr, one cli.Phase at a
// time; with -q it reports nothing.
type phases struct{ w io.Writer }

func (f trainFlags) phases(stderr io.Writer) phases {
	if f.quiet {
		return phases{}
	}
	return phases{stderr}
}

// run runs fn as the phase name and ends it with the detail fn returns.
// A phase that fails leaves its error as the one line a failure prints,
// except on a terminal, where the line being redrawn ends with "failed".
func (p phases) run(name string, fn func() (detail string, err error)) error {
	ph := cli.StartPhase(p.w, name, 0)
	detail, err := fn()
	if err != nil {
		if cli.IsTerminal(p.w) {
			ph.Done("failed")
		}
		return err
	}
	ph.Done(detail)
	return nil
}

// runCounted is run for a phase of total units of work, which fn reports
// through add as it goes, so that a terminal shows its progress.
func (p phases) runCounted(name string, total int64, fn func(add func(int64)) (detail string, err error)) error {
	ph := cli.StartPhase(p.w, name, total)
	detail, err := fn(ph.Add)
	if err != nil {
		if cli.IsTerminal(p.w) {
			ph.Done("failed")
		}
		return err
	}
	ph.Done(detail)
	return nil
}

// writeJSON stores v as indented JSON, atomically.
func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(path, append(data, '\n'))
}
