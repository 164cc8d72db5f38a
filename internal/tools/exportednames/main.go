// Command exportednames prints, for every package of the module, how many
// exported names it declares and how many exported fields its exported
// struct types have. It backs scripts/exported-names.sh, which tracks the
// size of the public surface.
//
// Names are counted once per package whatever the build tags: top-level
// constants, variables, functions and types, plus the methods of exported
// types (methods are listed separately). Fields are the exported fields of
// exported struct types, embedded exported types included. Test files and
// packages under internal/ are skipped unless -internal is given, since
// nothing outside the module can import the latter.
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type counts struct {
	names, methods, fields map[string]bool
}

func main() {
	internal := flag.Bool("internal", false, "also count packages under internal/")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: exportednames [-internal] [MODULE_ROOT]")
		flag.PrintDefaults()
	}
	flag.Parse()
	root := "."
	if flag.NArg() > 1 {
		flag.Usage()
		os.Exit(2)
	}
	if flag.NArg() == 1 {
		root = flag.Arg(0)
	}
	pkgs := map[string]*counts{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			base := d.Name()
			if rel != "." && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") || base == "testdata") {
				return filepath.SkipDir
			}
			if !*internal && (base == "internal" || strings.HasPrefix(rel, "internal"+string(filepath.Separator))) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if f.Name.Name == "main" {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(rel))
		c := pkgs[dir]
		if c == nil {
			c = &counts{map[string]bool{}, map[string]bool{}, map[string]bool{}}
			pkgs[dir] = c
		}
		count(f, c)
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "exportednames:", err)
		os.Exit(1)
	}
	dirs := make([]string, 0, len(pkgs))
	for d := range pkgs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	fmt.Printf("%-24s %6s %8s %7s\n", "package", "names", "methods", "fields")
	var tn, tm, tf int
	for _, d := range dirs {
		c := pkgs[d]
		fmt.Printf("%-24s %6d %8d %7d\n", d, len(c.names), len(c.methods), len(c.fields))
		tn, tm, tf = tn+len(c.names), tm+len(c.methods), tf+len(c.fields)
	}
	fmt.Printf("%-24s %6d %8d %7d\n", "total", tn, tm, tf)
}

// count adds the exported declarations of f to c.
func count(f *ast.File, c *counts) {
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() {
				continue
			}
			if d.Recv == nil {
				c.names[d.Name.Name] = true
				continue
			}
			if recv := receiverType(d.Recv.List[0].Type); ast.IsExported(recv) {
				c.methods[recv+"."+d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() {
							c.names[n.Name] = true
						}
					}
				case *ast.TypeSpec:
					if !s.Name.IsExported() {
						continue
					}
					c.names[s.Name.Name] = true
					if st, ok := s.Type.(*ast.StructType); ok {
						for _, fl := range st.Fields.List {
							for _, n := range fieldNames(fl) {
								if ast.IsExported(n) {
									c.fields[s.Name.Name+"."+n] = true
								}
							}
						}
					}
				}
			}
		}
	}
}

// receiverType returns the name of a method's receiver type.
func receiverType(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

// fieldNames returns a struct field's names, or its type's name when it is
// embedded.
func fieldNames(f *ast.Field) []string {
	if len(f.Names) > 0 {
		out := make([]string, len(f.Names))
		for i, n := range f.Names {
			out[i] = n.Name
		}
		return out
	}
	e := f.Type
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	switch t := e.(type) {
	case *ast.Ident:
		return []string{t.Name}
	case *ast.SelectorExpr:
		return []string{t.Sel.Name}
	}
	return nil
}
