package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// ErrUsage marks a usage error: a command line that cannot be run as
// written. Exit turns it into exit code 2. Wrap it with Usagef, or with
// fmt.Errorf("%w: …", ErrUsage) (Exit drops the "usage: " that adds).
var ErrUsage = errors.New("usage")

// ErrHelp is returned by Command.Parse after it printed the help or the
// version as asked; Exit turns it into exit code 0. It is flag.ErrHelp, so
// errors.Is(err, flag.ErrHelp) holds too.
var ErrHelp = flag.ErrHelp

// usageError is a usage error whose message carries no prefix.
type usageError struct{ msg string }

func (e *usageError) Error() string        { return e.msg }
func (e *usageError) Is(target error) bool { return target == ErrUsage }

// Usagef returns a usage error (exit code 2) with the formatted message.
// A %w verb is not supported: a usage error is the end of the story.
func Usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// Command is one command's flag set, its synopsis, and where its help goes.
// Declare flags with the embedded flag.FlagSet's methods (IntVar, String,
// …) and read the command line with Parse, which hides the FlagSet's own.
type Command struct {
	*flag.FlagSet
	// Synopsis is printed after "Usage: " by -h: the usage line or lines,
	// then optionally a blank line and a description.
	Synopsis string
	help     io.Writer
}

// New returns a command named name, the words a user types to run it
// ("neurbf render", "neurbf-view"), whose -h prints synopsis and the flags
// to help (normally standard output).
func New(name, synopsis string, help io.Writer) *Command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &Command{FlagSet: fs, Synopsis: synopsis, help: help}
}

// JSONFlag declares the conventional --json flag (see the package comment).
func (c *Command) JSONFlag() *bool {
	return c.Bool("json", false, "print one JSON document on standard output instead of text")
}

// Parse reads args, flags anywhere among the positional arguments (see the
// package comment), sets the flags and returns the positional arguments in
// order. It returns ErrHelp after printing the help (-h, --help, -help) or
// the version (--version) when the command does not define that flag
// itself, and a usage error naming the flag for anything it cannot read.
func (c *Command) Parse(args []string) ([]string, error) {
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(pos, args[i+1:]...), nil
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a) // "-" alone is a positional (standard input, by custom)
			continue
		}
		name := strings.TrimPrefix(a[1:], "-")
		if name == "" || name[0] == '-' || name[0] == '=' {
			return nil, Usagef("bad flag syntax %q (flags are --name or --name=value)", a)
		}
		name, value, hasValue := strings.Cut(name, "=")
		f := c.Lookup(name)
		if f == nil {
			switch name {
			case "h", "help":
				c.PrintHelp(c.help)
				return nil, ErrHelp
			case "version":
				fmt.Fprintln(c.help, c.Name(), Version())
				return nil, ErrHelp
			}
			return nil, Usagef("unknown flag %s (see '%s -h')", Spell(name), c.Name())
		}
		if isBool(f) {
			if !hasValue {
				value = "true"
			}
		} else if !hasValue {
			if i+1 == len(args) {
				return nil, Usagef("%s needs a value (%s)", Spell(name), placeholder(f))
			}
			i++
			value = args[i]
		}
		if err := c.Set(name, value); err != nil {
			return nil, Usagef("%s", badValue(f, value, err))
		}
	}
	return pos, nil
}

// Given returns the names of the flags set on the command line, so that a
// command can tell an explicit value from a default one.
func (c *Command) Given() map[string]bool {
	set := map[string]bool{}
	c.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// Spell returns a flag's name as a user types it: -o for a one-letter
// flag, --name for a longer one.
func Spell(name string) string {
	if len([]rune(name)) == 1 {
		return "-" + name
	}
	return "--" + name
}

// isBool tells whether f is a boolean flag (one that takes no separate
// value).
func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// kind returns the Go type behind a standard flag's value ("" for a
// custom flag.Value).
func kind(f *flag.Flag) string {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return ""
	}
	switch g.Get().(type) {
	case bool:
		return "bool"
	case int, int64:
		return "int"
	case uint, uint64:
		return "uint"
	case float64:
		return "float"
	case time.Duration:
		return "duration"
	case string:
		return "string"
	}
	return ""
}

// badValue explains why value does not fit flag f.
func badValue(f *flag.Flag, value string, err error) string {
	want := map[string]string{
		"bool":     "true or false",
		"int":      "an integer",
		"uint":     "a non-negative integer",
		"float":    "a number",
		"duration": "a duration such as 90s, 5m or 1h30m",
	}[kind(f)]
	if want != "" {
		return fmt.Sprintf("%s wants %s, got %q", Spell(f.Name), want, value)
	}
	return fmt.Sprintf("%s %q: %v", Spell(f.Name), value, err)
}
