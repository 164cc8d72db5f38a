package mesh

import (
	"bytes"
	"encoding/binary"
	"path/filepath"
	"strings"
)

// format is a mesh file format.
type format int

const (
	formatUnknown format = iota
	formatPLY
	formatOBJ
	formatSTLASCII
	formatSTLBinary
	formatOFF
)

// objKeywords are the statements that may start an OBJ file.
var objKeywords = []string{"v", "vt", "vn", "vp", "f", "l", "p", "o", "g", "s", "usemtl", "mtllib"}

// detect recognises the format from head, the first bytes of the
// (decompressed) input, then from size, the input length or -1, and
// finally from the extension of name.
func detect(head []byte, name string, size int64) format {
	if bytes.HasPrefix(head, []byte("ply\n")) || bytes.HasPrefix(head, []byte("ply\r\n")) {
		return formatPLY
	}
	first, rest := firstStatement(head)
	switch {
	case isOFFKeyword(first):
		return formatOFF
	case bytes.Equal(first, []byte("solid")):
		// Some binary STL writers start their 80-byte header with
		// "solid" too; an ASCII file continues with a facet.
		if next, _ := firstStatement(rest); bytes.EqualFold(next, []byte("facet")) || bytes.EqualFold(next, []byte("endsolid")) {
			return formatSTLASCII
		}
		return formatSTLBinary
	}
	for _, k := range objKeywords {
		if string(first) == k {
			return formatOBJ
		}
	}
	if size >= 84 && len(head) >= 84 && size == 84+50*int64(binary.LittleEndian.Uint32(head[80:84])) {
		return formatSTLBinary
	}
	switch ext(name) {
	case ".ply":
		return formatPLY
	case ".obj":
		return formatOBJ
	case ".stl":
		return formatSTLBinary
	case ".off":
		return formatOFF
	}
	return formatUnknown
}

// firstStatement returns the first white-space-separated token of the
// first line of b that is neither blank nor a '#' comment, and the bytes
// after that line.
func firstStatement(b []byte) (tok, rest []byte) {
	for len(b) > 0 {
		line := b
		rest = nil
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, rest = b[:i], b[i+1:]
		}
		line = bytes.TrimLeft(line, " \t\r\v\f")
		if len(line) > 0 && line[0] != '#' {
			end := bytes.IndexFunc(line, func(r rune) bool { return r < 128 && isSpace(byte(r)) })
			if end < 0 {
				end = len(line)
			}
			return line[:end], rest
		}
		b = rest
	}
	return nil, nil
}

// ext returns the lower-case extension of name, ignoring a final ".gz".
func ext(name string) string {
	name = strings.TrimSuffix(strings.ToLower(name), ".gz")
	return filepath.Ext(name)
}
