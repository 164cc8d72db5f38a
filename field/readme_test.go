package field_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/internal/testfiles"
)

// readmePackages are the packages the README's library snippet may use,
// by the name it calls them.
var readmePackages = map[string]string{
	"context": "context",
	"field":   "github.com/neurbf/neurbf/field",
	"mesh":    "github.com/neurbf/neurbf/sdf/mesh",
	"pixels":  "github.com/neurbf/neurbf/pixels",
	"render":  "github.com/neurbf/neurbf/render",
	"runtime": "runtime",
}

// TestREADMELibrarySnippetCompiles compiles the Go code of the README's
// section "As a library", as it stands, as the body of a function with a
// context ctx: a change of the API it shows fails here rather than in a
// reader's editor. (ExampleNewImageModel runs the same calls.) The code
// goes into a package that exists only in a go build -overlay, so
// nothing is written into the repository.
func TestREADMELibrarySnippetCompiles(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	root := testfiles.Root(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	code, err := librarySnippet(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	if src, out, err := compileSnippet(t, goTool, root, code); err != nil {
		t.Errorf("the README's library snippet does not compile: %v\n%s\nas compiled:\n%s", err, out, src)
	}
}

// compileSnippet builds code (see snippetSource) with the go command in
// a package that exists only in a go build -overlay, and returns the
// source compiled, the command's output and its error.
func compileSnippet(t *testing.T, goTool, root, code string) (src string, out []byte, err error) {
	t.Helper()
	src = snippetSource(code)
	dir := t.TempDir()
	file := filepath.Join(dir, "snippet.go")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	pkgDir := filepath.Join(root, "internal", "readme-snippet-overlay")
	if _, err := os.Stat(pkgDir); err == nil {
		t.Fatalf("%s exists; the overlay needs the name free", pkgDir)
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(pkgDir, "snippet.go"): file}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "overlay.json"), overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goTool, "build", "-overlay", filepath.Join(dir, "overlay.json"), "./internal/readme-snippet-overlay")
	cmd.Dir = root
	out, err = cmd.CombinedOutput()
	return src, out, err
}

// librarySnippet returns the first ```go block after the heading
// "## As a library".
func librarySnippet(readme string) (string, error) {
	_, section, ok := strings.Cut(readme, "\n## As a library\n")
	if !ok {
		return "", fmt.Errorf("README.md has no section \"## As a library\"")
	}
	_, block, ok := strings.Cut(section, "\n```go\n")
	if !ok {
		return "", fmt.Errorf("README.md: no ```go block in \"As a library\"")
	}
	code, _, ok := strings.Cut(block, "\n```")
	if !ok {
		return "", fmt.Errorf("README.md: the ```go block of \"As a library\" does not end")
	}
	return code, nil
}

var (
	qualified = regexp.MustCompile(`\b([a-z]+)\.[A-Z]`)
	declared  = regexp.MustCompile(`(?m)^\s*([\w, ]+?)\s*:=`)
)

// snippetSource wraps code, statements, into a Go file: the imports of
// the packages it names and a function whose parameter is ctx, with
// every variable the code declares marked as used.
func snippetSource(code string) string {
	var imports []string
	for _, m := range qualified.FindAllStringSubmatch(code, -1) {
		if path, ok := readmePackages[m[1]]; ok && !slices.Contains(imports, path) {
			imports = append(imports, path)
		}
	}
	if !slices.Contains(imports, "context") {
		imports = append(imports, "context")
	}
	slices.Sort(imports)
	var used []string
	for _, m := range declared.FindAllStringSubmatch(code, -1) {
		for name := range strings.SplitSeq(m[1], ",") {
			if name = strings.TrimSpace(name); name != "_" && !slices.Contains(used, name) {
				used = append(used, name)
			}
		}
	}
	var b strings.Builder
	b.WriteString("package snippet\n\nimport (\n")
	for _, p := range imports {
		fmt.Fprintf(&b, "\t%q\n", p)
	}
	b.WriteString(")\n\nfunc snippet(ctx context.Context) {\n")
	b.WriteString(code)
	b.WriteString("\n")
	for _, name := range used {
		fmt.Fprintf(&b, "\t_ = %s\n", name)
	}
	b.WriteString("\t_ = ctx\n}\n")
	return b.String()
}

// TestSnippetSource checks the wrapping on a known snippet.
func TestSnippetSource(t *testing.T) {
	got := snippetSource("img, err := pixels.Load(\"a.png\")\n_, err = render.X(img)\ntr, err := field.Y(ctx)")
	want := "package snippet\n\nimport (\n\t\"context\"\n\t\"github.com/neurbf/neurbf/field\"\n\t\"github.com/neurbf/neurbf/pixels\"\n\t\"github.com/neurbf/neurbf/render\"\n)\n\n" +
		"func snippet(ctx context.Context) {\nimg, err := pixels.Load(\"a.png\")\n_, err = render.X(img)\ntr, err := field.Y(ctx)\n\t_ = img\n\t_ = err\n\t_ = tr\n\t_ = ctx\n}\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if _, err := librarySnippet("# x\n## As a library\ntext\n"); err == nil {
		t.Error("no error for a section without a go block")
	}
}

// TestCompileSnippetFails checks that a snippet calling the API wrongly
// fails to compile, so that TestREADMELibrarySnippetCompiles can fail.
func TestCompileSnippetFails(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	_, out, err := compileSnippet(t, goTool, testfiles.Root(t), "m, err := field.NoSuchFunction(0)")
	if err == nil || !strings.Contains(string(out), "NoSuchFunction") {
		t.Errorf("a wrong call compiled: %v\n%s", err, out)
	}
}
