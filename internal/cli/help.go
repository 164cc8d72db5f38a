package cli

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// helpWidth is the column at which PrintFlags wraps flag descriptions.
const helpWidth = 80

// PrintHelp writes "Usage: " and the synopsis, then the flags, to w.
func (c *Command) PrintHelp(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n", strings.TrimRight(c.Synopsis, "\n"))
	if c.hasFlags() {
		fmt.Fprint(w, "\nFlags:\n")
		c.PrintFlags(w)
	}
}

func (c *Command) hasFlags() bool {
	n := 0
	c.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// PrintFlags writes every flag of c to w, one-letter flags first, then the
// others in alphabetical order: the flag as a user types it with a
// placeholder for its value (-o DIR, --steps N, --exact), then its
// description, wrapped and indented, ending with the default value when
// that is not the zero value. A word in backquotes in a flag's usage text
// names the placeholder (as with the flag package: "output `directory`"
// gives -o DIRECTORY); otherwise the placeholder follows the flag's type.
func (c *Command) PrintFlags(w io.Writer) {
	var fs []*flag.Flag
	c.VisitAll(func(f *flag.Flag) { fs = append(fs, f) })
	sort.SliceStable(fs, func(i, j int) bool {
		si, sj := len([]rune(fs[i].Name)) == 1, len([]rune(fs[j].Name)) == 1
		if si != sj {
			return si
		}
		return fs[i].Name < fs[j].Name
	})
	for _, f := range fs {
		head := "  " + Spell(f.Name)
		if p := placeholder(f); p != "" {
			head += " " + p
		}
		_, usage := flag.UnquoteUsage(f)
		if d := defaultText(f); d != "" {
			usage += " (default " + d + ")"
		}
		fmt.Fprintln(w, head)
		for _, line := range wrap(usage, helpWidth-8) {
			fmt.Fprintln(w, "        "+line)
		}
	}
}

// placeholder returns the name shown for f's value: the backquoted word of
// its usage text in upper case, or one that follows its type; "" for a
// boolean flag.
func placeholder(f *flag.Flag) string {
	if isBool(f) {
		return ""
	}
	if _, after, ok := strings.Cut(f.Usage, "`"); ok {
		if name, _, ok := strings.Cut(after, "`"); ok && name != "" {
			return strings.ToUpper(name)
		}
	}
	switch kind(f) {
	case "int", "uint":
		return "N"
	case "float":
		return "X"
	case "duration":
		return "DURATION"
	case "string":
		return "STRING"
	}
	return "VALUE"
}

// defaultText returns f's default as help shows it, or "" when it is the
// zero value of its type (which goes without saying).
func defaultText(f *flag.Flag) string {
	d := f.DefValue
	switch kind(f) {
	case "bool":
		if d == "false" {
			return ""
		}
	case "int", "uint", "float":
		if v, err := strconv.ParseFloat(d, 64); err == nil && v == 0 {
			return ""
		}
	case "duration":
		if d == "0s" {
			return ""
		}
	case "string":
		if d == "" {
			return ""
		}
		if strings.ContainsAny(d, " \t\"") {
			return strconv.Quote(d)
		}
		return d
	}
	return d
}

// wrap splits text into lines of at most width runes, breaking at spaces
// (a longer word gets a line of its own). Newlines in text are kept.
func wrap(text string, width int) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		line, n := "", 0
		for _, word := range strings.Fields(para) {
			wn := len([]rune(word))
			if n > 0 && n+1+wn > width {
				lines = append(lines, line)
				line, n = "", 0
			}
			if n > 0 {
				line += " "
				n++
			}
			line += word
			n += wn
		}
		lines = append(lines, line)
	}
	return lines
}
