package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit reports err on stderr as one line prefixed by the program's name
// and returns the process exit code: 0 for nil and ErrHelp, 2 for a usage
// error (ErrUsage), 1 for anything else. A "usage: " left at the start of
// the message by wrapping ErrUsage with fmt.Errorf is dropped, and a
// message of several lines is joined into one.
func Exit(prog string, err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, ErrHelp) {
		return 0
	}
	msg := strings.TrimPrefix(err.Error(), ErrUsage.Error()+": ")
	msg = strings.Join(strings.Fields(strings.ReplaceAll(msg, "\n", " ")), " ")
	fmt.Fprintf(stderr, "%s: %s\n", prog, msg)
	if errors.Is(err, ErrUsage) {
		return 2
	}
	return 1
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
