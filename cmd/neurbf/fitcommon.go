package main

// What fit image and fit sdf share: the training flags, the run record in
// metrics.json, and atomic JSON output.

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/atomicfile"
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
	// checkpoint is the training time between saved checkpoints (0: none).
	checkpoint time.Duration
}

// register adds the shared flags to c; paramsHelp and batchHelp describe
// the task's defaults for --params and --batch.
func (f *trainFlags) register(c *command, paramsHelp, batchHelp string) {
	c.StringVar(&f.out, "o", defaultOut, "output `directory` (created if missing)")
	c.IntVar(&f.params, "params", 0, "trainable-parameter budget ("+paramsHelp+")")
	c.IntVar(&f.steps, "steps", 0, "training steps; the learning rates decay over them (default: as many as the --time budget allows)")
	c.DurationVar(&f.budget, "time", 0, "training-time budget, e.g. 90s; the learning rates decay with the clock (default: 1m when --steps is not given either, else none)")
	c.IntVar(&f.batch, "batch", 0, batchHelp)
	c.Uint64Var(&f.seed, "seed", 0, "random seed for initialisation and sampling")
	c.IntVar(&f.threads, "threads", runtime.NumCPU(), "worker goroutines")
	c.StringVar(&f.config, "config", "", "JSON `file` with a field.Config; flags given explicitly override it")
	c.StringVar(&f.encoder, "encoder", "", "hybrid (NeuRBF, default), grid (Instant-NGP-like ablation) or rbf")
	c.BoolVar(&f.quiet, "q", false, "no progress line")
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
	case f.threads < 1:
		return fmt.Errorf("%w: --threads must be at least 1, got %d", errUsage, f.threads)
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
		if err := json.Unmarshal(data, &cfg); err != nil {
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
	Encoder          string  `json:"encoder,omitempty"`
	Params           int     `json:"params,omitempty"` // trainable parameters
	RBFs             int     `json:"rbfs,omitempty"`
	Steps            int     `json:"steps,omitempty"`
	TrainSeconds     float64 `json:"train_seconds,omitempty"`
	InitSeconds      float64 `json:"init_seconds,omitempty"`
	SamplesPerSecond float64 `json:"samples_per_second,omitempty"`
	Threads          int     `json:"threads,omitempty"`
	Kernels          string  `json:"kernels,omitempty"`
	CPU              string  `json:"cpu,omitempty"`
}

// fill records what the training run measured.
func (r *runInfo) fill(m *field.Model, tr *field.Trainer, initSec float64, threads int) {
	r.Encoder = m.Config.Encoder
	r.Params = m.TrainableParams()
	r.RBFs = m.Config.RBFs
	r.Steps = tr.StepsDone()
	r.TrainSeconds = tr.Elapsed().Seconds()
	r.InitSeconds = initSec
	if r.TrainSeconds > 0 {
		r.SamplesPerSecond = float64(tr.Samples()) / r.TrainSeconds
	}
	r.Threads = threads
	r.Kernels = kernelsName()
	r.CPU = cpuName()
}

// writeJSON stores v as indented JSON, atomically.
func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(path, append(data, '\n'))
}
