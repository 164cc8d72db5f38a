package mesh

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
)

// lineReader reads text input line by line without allocating per line.
type lineReader struct {
	r    *bufio.Reader
	buf  []byte // holds lines longer than r's buffer
	line int    // number of the line last returned, from 1
}

// next returns the next line without its line ending; the slice is valid
// until the following call. It returns io.EOF after the last line.
func (l *lineReader) next() ([]byte, error) {
	l.buf = l.buf[:0]
	for {
		frag, err := l.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			l.buf = append(l.buf, frag...)
			continue
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		line := frag
		if len(l.buf) > 0 {
			l.buf = append(l.buf, frag...)
			line = l.buf
		}
		if err == io.EOF && len(line) == 0 {
			return nil, io.EOF
		}
		l.line++
		for len(line) > 0 && (line[len(line)-1] == '\n' || line[len(line)-1] == '\r') {
			line = line[:len(line)-1]
		}
		return line, nil
	}
}

// fields splits line at ASCII white space into dst[:0] and returns it.
func fields(dst [][]byte, line []byte) [][]byte {
	dst = dst[:0]
	start := -1
	for i, c := range line {
		if isSpace(c) {
			if start >= 0 {
				dst = append(dst, line[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		dst = append(dst, line[start:])
	}
	return dst
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
}

// parseFloat parses a decimal floating-point token. Non-finite values are
// accepted here and rejected, with the vertex number, by check.
func parseFloat(tok []byte) (float64, error) {
	v, err := strconv.ParseFloat(string(tok), 64)
	if err != nil {
		return 0, fmt.Errorf("%s is not a number", quote(tok))
	}
	return v, nil
}

// parseInt parses a decimal integer token.
func parseInt(tok []byte) (int64, error) {
	v, err := strconv.ParseInt(string(tok), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s is not an integer", quote(tok))
	}
	return v, nil
}

// parseCount parses a non-negative element count from a header.
func parseCount(tok []byte) (uint64, error) {
	v, err := strconv.ParseUint(string(tok), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s is not a valid count", quote(tok))
	}
	return v, nil
}

// quote returns tok quoted for an error message, shortened when long so
// that messages stay on one short line.
func quote(tok []byte) string {
	const max = 40
	if len(tok) > max {
		return strconv.Quote(string(tok[:max])) + "…"
	}
	return strconv.Quote(string(tok))
}

// errorf returns an error prefixed with the current line number.
func (l *lineReader) errorf(format string, args ...any) error {
	return fmt.Errorf("line %d: %s", l.line, fmt.Sprintf(format, args...))
}
