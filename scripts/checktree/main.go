// Command checktree fails, naming each offending file, when a git
// repository tracks a file that does not belong in it:
//
//   - an executable binary or object archive, recognised by its first
//     bytes: ELF, Mach-O (either byte order, 32 or 64 bit, or universal),
//     PE (an MZ header pointing at a "PE\0\0" signature), WebAssembly,
//     or an ar archive such as a Go package archive. These are build
//     outputs (a test binary from go test -c, a compiled command) and
//     belong in .gitignore;
//   - a file larger than -max-bytes that is not named by -allow: a large
//     file bloats every clone for good, even after it is deleted. Real
//     test data is fetched by scripts/fetch-testdata.sh instead.
//
// It reads the files of the working tree that git ls-files lists, so it
// needs git. scripts/check-tree.sh runs it with the repository's limits;
// scripts/test.sh runs that first.
//
// Usage:
//
//	go run ./scripts/checktree [-C dir] [-max-bytes n] [-allow path]...
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// pathList is a repeatable flag of paths.
type pathList map[string]bool

func (p pathList) String() string { return fmt.Sprint(map[string]bool(p)) }
func (p pathList) Set(s string) error {
	p[filepath.ToSlash(s)] = true
	return nil
}

func main() {
	dir := flag.String("C", ".", "the repository to check")
	maxBytes := flag.Int64("max-bytes", 3<<20, "the largest size of a tracked file not named by -allow")
	allow := pathList{}
	flag.Var(allow, "allow", "a tracked `path` (from the repository root) allowed to exceed -max-bytes; repeatable")
	flag.Parse()
	problems, err := check(*dir, *maxBytes, allow)
	if err != nil {
		fmt.Fprintln(os.Stderr, "checktree:", err)
		os.Exit(2)
	}
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, "checktree:", p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "checktree: the repository tracks %d file(s) it should not (see above)\n", len(problems))
		os.Exit(1)
	}
}

// check returns one line per problem with the files tracked in the git
// repository dir.
func check(dir string, maxBytes int64, allow pathList) ([]string, error) {
	cmd := exec.Command("git", "-C", dir, "ls-files", "-z")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-files in %s: %v: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	var problems []string
	for name := range strings.SplitSeq(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		if name == "" {
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(name))
		info, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) || err == nil && !info.Mode().IsRegular() {
			continue // deleted in the working tree, or a symbolic link
		}
		if err != nil {
			return nil, err
		}
		kind, err := binaryKind(path)
		if err != nil {
			return nil, err
		}
		if kind != "" {
			problems = append(problems, fmt.Sprintf("%s is tracked but is %s: build outputs must not be committed (git rm --cached %s, and ignore it in .gitignore)", name, kind, name))
		}
		if info.Size() > maxBytes && !allow[name] {
			problems = append(problems, fmt.Sprintf("%s is tracked and has %d bytes, more than the limit of %d: fetch it in scripts/fetch-testdata.sh instead, or allow it in scripts/check-tree.sh", name, info.Size(), maxBytes))
		}
	}
	return problems, nil
}

// binaryKind returns what the first bytes of the file at path say it is,
// or "" for a file that is not an executable, object or archive.
func binaryKind(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var head [64]byte
	n, err := io.ReadFull(f, head[:])
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", err
	}
	kind := magicKind(head[:n])
	if kind == "mz" {
		kind = ""
		// A PE file holds the offset of its "PE\0\0" signature at 0x3c.
		if n == len(head) {
			var sig [4]byte
			off := int64(binary.LittleEndian.Uint32(head[0x3c:]))
			if _, err := f.ReadAt(sig[:], off); err == nil && string(sig[:]) == "PE\x00\x00" {
				kind = "a PE (Windows) executable"
			}
		}
	}
	return kind, nil
}

// magicKind names the binary format the bytes b start with, "mz" for an
// MZ header (which may or may not be a PE file), or "".
func magicKind(b []byte) string {
	has := func(m string) bool { return bytes.HasPrefix(b, []byte(m)) }
	switch {
	case has("\x7fELF"):
		return "an ELF executable or object"
	case has("\xfe\xed\xfa\xce"), has("\xfe\xed\xfa\xcf"), has("\xce\xfa\xed\xfe"), has("\xcf\xfa\xed\xfe"):
		return "a Mach-O executable or object"
	case has("\xca\xfe\xba\xbe"):
		return "a Mach-O universal binary (or a Java class file)"
	case has("\x00asm"):
		return "a WebAssembly module"
	case has("!<arch>\n"):
		return "an ar archive (such as a Go package archive)"
	case has("MZ"):
		return "mz"
	}
	return ""
}
