package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// testCommand is a command with one flag of each kind.
type testCommand struct {
	*Command
	out     *string
	steps   *int
	scale   *float64
	budget  *time.Duration
	exact   *bool
	seed    *uint64
	help    *bytes.Buffer
	jsonOut *bool
}

func newTest() *testCommand {
	var help bytes.Buffer
	c := New("prog sub", "prog sub MODEL -o OUT [flags]\n\nDoes a thing.", &help)
	return &testCommand{
		Command: c,
		out:     c.String("o", "", "output `file` (required)"),
		steps:   c.Int("steps", 0, "training steps"),
		scale:   c.Float64("scale", 1, "size relative to the fitted image"),
		budget:  c.Duration("time", 0, "training-time budget"),
		exact:   c.Bool("exact", false, "evaluate everywhere"),
		seed:    c.Uint64("seed", 7, "random seed"),
		jsonOut: c.JSONFlag(),
		help:    &help,
	}
}

func TestParseFlagsAnywhere(t *testing.T) {
	for _, args := range [][]string{
		{"a", "-o", "x.png", "b", "--steps", "5", "--exact"},
		{"-o", "x.png", "a", "b", "--steps=5", "-exact"},
		{"--o=x.png", "-steps", "5", "--exact=true", "a", "b"},
		{"--exact", "a", "--steps", "5", "b", "-o=x.png"},
	} {
		c := newTest()
		pos, err := c.Parse(args)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		if !reflect.DeepEqual(pos, []string{"a", "b"}) || *c.out != "x.png" || *c.steps != 5 || !*c.exact {
			t.Errorf("%q: positionals %q, -o %q, --steps %d, --exact %v", args, pos, *c.out, *c.steps, *c.exact)
		}
		if g := c.Given(); !g["o"] || !g["steps"] || !g["exact"] || g["scale"] || g["seed"] {
			t.Errorf("%q: Given %v", args, g)
		}
		if *c.scale != 1 || *c.seed != 7 {
			t.Errorf("%q: defaults changed: --scale %g --seed %d", args, *c.scale, *c.seed)
		}
	}
}

func TestParseDoubleDash(t *testing.T) {
	c := newTest()
	pos, err := c.Parse([]string{"--steps", "3", "a", "--", "-o", "--exact", "--"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pos, []string{"a", "-o", "--exact", "--"}) || *c.out != "" || *c.exact || *c.steps != 3 {
		t.Errorf("positionals %q, -o %q, --exact %v, --steps %d", pos, *c.out, *c.exact, *c.steps)
	}
	// A "--" that is a flag's value is that value, not the end of flags.
	c = newTest()
	pos, err = c.Parse([]string{"-o", "--", "a", "--exact"})
	if err != nil || *c.out != "--" || !reflect.DeepEqual(pos, []string{"a"}) || !*c.exact {
		t.Errorf("-o --: %v, -o %q, positionals %q", err, *c.out, pos)
	}
	// A lone dash is a positional argument.
	c = newTest()
	if pos, err = c.Parse([]string{"-", "--steps", "-2"}); err != nil || !reflect.DeepEqual(pos, []string{"-"}) || *c.steps != -2 {
		t.Errorf("-: %v, positionals %q, --steps %d", err, pos, *c.steps)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"a", "--bogus"}, "unknown flag --bogus (see 'prog sub -h')"},
		{[]string{"-x"}, "unknown flag -x (see 'prog sub -h')"},
		{[]string{"a", "--steps"}, "--steps needs a value (N)"},
		{[]string{"-o"}, "-o needs a value (FILE)"},
		{[]string{"--steps", "five"}, `--steps wants an integer, got "five"`},
		{[]string{"--steps=1.5"}, `--steps wants an integer, got "1.5"`},
		{[]string{"--scale", "big"}, `--scale wants a number, got "big"`},
		{[]string{"--time", "10"}, `--time wants a duration such as 90s, 5m or 1h30m, got "10"`},
		{[]string{"--exact=maybe"}, `--exact wants true or false, got "maybe"`},
		{[]string{"--seed", "-1"}, `--seed wants a non-negative integer, got "-1"`},
		{[]string{"---o", "x"}, `bad flag syntax "---o"`},
		{[]string{"--=x"}, `bad flag syntax "--=x"`},
	} {
		c := newTest()
		_, err := c.Parse(tc.args)
		if err == nil || !errors.Is(err, ErrUsage) || !strings.HasPrefix(err.Error(), tc.msg) {
			t.Errorf("%q: error %v, want a usage error starting %q", tc.args, err, tc.msg)
			continue
		}
		var out bytes.Buffer
		if code := Exit("prog", err, &out); code != 2 || out.String() != "prog: "+err.Error()+"\n" {
			t.Errorf("%q: Exit %d, %q", tc.args, code, out.String())
		}
	}
}

// TestHelpText compares the help with its expected text: usage, then every
// flag in the spelling users type, placeholders, wrapped descriptions and
// non-zero defaults.
func TestHelpText(t *testing.T) {
	c := newTest()
	c.String("encoder", "hybrid", "the encoder: hybrid (NeuRBF), grid (an Instant-NGP-like ablation) or rbf; the ablations keep the trainable-parameter budget")
	c.String("name", "a b", "a name")
	for _, h := range []string{"-h", "--help", "-help"} {
		c.help.Reset()
		pos, err := c.Parse([]string{"a", h, "--bogus"})
		if !errors.Is(err, ErrHelp) || !errors.Is(err, flag.ErrHelp) || pos != nil {
			t.Fatalf("%s: %v", h, err)
		}
		if code := Exit("prog", err, nil); code != 0 {
			t.Errorf("%s: exit code %d", h, code)
		}
		want := `Usage: prog sub MODEL -o OUT [flags]

Does a thing.

Flags:
  -o FILE
        output file (required)
  --encoder STRING
        the encoder: hybrid (NeuRBF), grid (an Instant-NGP-like ablation) or
        rbf; the ablations keep the trainable-parameter budget (default hybrid)
  --exact
        evaluate everywhere
  --json
        print one JSON document on standard output instead of text
  --name STRING
        a name (default "a b")
  --scale X
        size relative to the fitted image (default 1)
  --seed N
        random seed (default 7)
  --steps N
        training steps
  --time DURATION
        training-time budget
`
		if got := c.help.String(); got != want {
			t.Errorf("%s: help\n%s\nwant\n%s", h, got, want)
		}
	}
}

func TestVersionFlag(t *testing.T) {
	c := newTest()
	_, err := c.Parse([]string{"--version"})
	if !errors.Is(err, ErrHelp) {
		t.Fatal(err)
	}
	if got := c.help.String(); got != "prog sub "+Version()+"\n" {
		t.Errorf("--version printed %q", got)
	}
	// A command with a flag of its own called version keeps it.
	c = newTest()
	v := c.String("version", "", "a version")
	if _, err := c.Parse([]string{"--version", "3"}); err != nil || *v != "3" {
		t.Errorf("own --version: %v, %q", err, *v)
	}
}

func TestVersionString(t *testing.T) {
	for _, tc := range []struct {
		b    BuildInfo
		want string
	}{
		{BuildInfo{Version: "(devel)", Go: "go1.26.8", Platform: "linux/amd64"}, "(devel) (go1.26.8, linux/amd64)"},
		{BuildInfo{Version: "v1.2.0", Revision: "5a8454b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6", Modified: true, Go: "go1.26.8", Experiment: "simd", Platform: "linux/amd64"},
			"v1.2.0 (commit 5a8454b0c1d2+modified, go1.26.8 GOEXPERIMENT=simd, linux/amd64)"},
		{BuildInfo{Version: "v1.2.0", Revision: "abc", Go: "go1.26.8-X:simd", Experiment: "simd", Platform: "linux/arm64"},
			"v1.2.0 (commit abc, go1.26.8-X:simd, linux/arm64)"},
	} {
		if got := tc.b.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.b, got, tc.want)
		}
	}
	b := Build()
	if b.Go == "" || b.Platform == "" || !strings.Contains(Version(), b.Platform) {
		t.Errorf("Build %+v, Version %q", b, Version())
	}
}

func TestExit(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code int
		line string
	}{
		{nil, 0, ""},
		{ErrHelp, 0, ""},
		{fmt.Errorf("%w: render needs one MODEL", ErrUsage), 2, "prog: render needs one MODEL\n"},
		{Usagef("--steps must be positive, got %d", -1), 2, "prog: --steps must be positive, got -1\n"},
		{errors.New("model.nrbf: bad checksum"), 1, "prog: model.nrbf: bad checksum\n"},
		{errors.New("a.obj: line 3:\n  bad vertex"), 1, "prog: a.obj: line 3: bad vertex\n"},
	} {
		var out bytes.Buffer
		if code := Exit("prog", tc.err, &out); code != tc.code || out.String() != tc.line {
			t.Errorf("%v: exit %d, %q; want %d, %q", tc.err, code, out.String(), tc.code, tc.line)
		}
	}
}

func TestClean(t *testing.T) {
	open := &fs.PathError{Op: "open", Path: "a.png", Err: fs.ErrNotExist}
	rename := &os.LinkError{Op: "rename", Old: "dir/.a.png.123.tmp", New: "dir/a.png", Err: fs.ErrExist}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{open, "a.png: file does not exist"},
		{fmt.Errorf("config: %w", open), "config: a.png: file does not exist"},
		{fmt.Errorf("a.png: %w", open), "a.png: file does not exist"},
		{fmt.Errorf("pixels: save %w", rename), "pixels: save dir/a.png: file already exists"},
		{errors.New("model.nrbf: bad checksum"), "model.nrbf: bad checksum"},
	} {
		if got := Clean(tc.err); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.err, got, tc.want)
		}
	}
	var out bytes.Buffer
	if code := Exit("prog", open, &out); code != 1 || out.String() != "prog: a.png: file does not exist\n" {
		t.Errorf("Exit: %d, %q", code, out.String())
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, map[string]any{"file": "a<b>.png", "n": 3}); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"file\": \"a<b>.png\",\n  \"n\": 3\n}\n"; b.String() != want {
		t.Errorf("%q, want %q", b.String(), want)
	}
	if IsTerminal(&b) {
		t.Error("a buffer is a terminal")
	}
}

func TestPhase(t *testing.T) {
	var b bytes.Buffer
	p := startPhase(&b, "marching cubes 64³", 100, "", false)
	p.Add(50)
	p.Done("10 triangles")
	if got := b.String(); !strings.HasPrefix(got, "marching cubes 64³: 10 triangles, ") || strings.Count(got, "\n") != 1 || strings.ContainsAny(got, "\r\x1b") {
		t.Errorf("not a terminal: %q", got)
	}

	b.Reset()
	// Only the redrawing goroutine writes until Done stops it: no race.
	p = startPhase(&b, "sampling", 200, "", true)
	p.Add(100)
	time.Sleep(phaseTick + phaseTick/2)
	p.Done("")
	got := b.String()
	if !strings.Contains(got, "\rsampling:  50%") || !strings.HasSuffix(got, "s\x1b[K\n") || strings.Count(got, "\n") != 1 {
		t.Errorf("terminal: %q", got)
	}

	b.Reset()
	p = startPhase(&b, "narrow band", 0, "model evaluations", true)
	p.Add(1_250_000)
	time.Sleep(phaseTick + phaseTick/2)
	p.Abort()
	if got := b.String(); !strings.Contains(got, "\rnarrow band: 1.2M model evaluations  ") || !strings.HasSuffix(got, "\r\x1b[K") || strings.Contains(got, "\n") {
		t.Errorf("aborted counting phase on a terminal: %q", got)
	}
	b.Reset()
	p = startPhase(&b, "narrow band", 0, "", false)
	p.Abort()
	if b.Len() != 0 {
		t.Errorf("aborted phase off a terminal wrote %q", b.String())
	}

	var nilPhase *Phase = StartPhase(nil, "x", 1)
	nilPhase.Add(1)
	nilPhase.Abort()
	nilPhase.Done("nothing") // must not panic
}
