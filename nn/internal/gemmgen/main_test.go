package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedFiles checks that the assembly files of package nn are the
// generator's output, so that the AVX-512 kernels stay the mechanical twins
// of the AVX2 ones that the tests on every machine exercise.
func TestCommittedFiles(t *testing.T) {
	for _, f := range files {
		path := filepath.Join("..", "..", f.name)
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(f.source()) {
			t.Errorf("%s differs from the generator's output: run go generate ./nn/", path)
		}
	}
}
