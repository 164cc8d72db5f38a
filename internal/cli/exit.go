package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// Exit reports err on stderr as one line prefixed by the program's name
// and returns the process exit code: 0 for nil and ErrHelp, 2 for a usage
// error (ErrUsage), 1 for anything else. A "usage: " left at the start of
// the message by wrapping ErrUsage with fmt.Errorf is dropped, a message of
// several lines is joined into one, and an os error in it names the file
// and the problem only (see Clean).
func Exit(prog string, err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, ErrHelp) {
		return 0
	}
	msg := strings.TrimPrefix(Clean(err), ErrUsage.Error()+": ")
	msg = strings.Join(strings.Fields(strings.ReplaceAll(msg, "\n", " ")), " ")
	fmt.Fprintf(stderr, "%s: %s\n", prog, msg)
	if errors.Is(err, ErrUsage) {
		return 2
	}
	return 1
}

// Clean returns err's message with the os error in its chain, if any,
// reduced to what a user needs: "open a.png: no such file or directory"
// becomes "a.png: no such file or directory", and "rename .a.png.123.tmp
// a.png: permission denied" becomes "a.png: permission denied" (the
// operation and a temporary file's name mean nothing to the user). When
// the file name already stands just before the os error ("a.png: open
// a.png: …"), it is not repeated.
func Clean(err error) string {
	msg := err.Error()
	var pe *fs.PathError
	var le *os.LinkError
	var raw, file, problem string
	switch {
	case errors.As(err, &pe):
		raw, file, problem = pe.Error(), pe.Path, pe.Err.Error()
	case errors.As(err, &le):
		raw, file, problem = le.Error(), le.New, le.Err.Error()
	default:
		return msg
	}
	i := strings.LastIndex(msg, raw)
	if i < 0 {
		return msg
	}
	before, after := msg[:i], msg[i+len(raw):]
	if strings.HasSuffix(before, file+": ") {
		return before + problem + after
	}
	return before + file + ": " + problem + after
}

// WriteJSON writes v to w as one JSON document: two-space indentation, a
// final newline, and no HTML escaping (a "<" in a file name stays "<").
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// IsTerminal tells whether w is a terminal (a character device), where a
// line may be rewritten in place to show progress.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
