// Package atomicfile writes files so that a reader never sees a partial
// one: the content goes to a temporary file in the target's directory,
// which is synced, made world-readable (0644) and renamed over the target.
// Every output of neurbf (snapshots, pictures, meshes, metrics) is written
// this way, so an interrupted or failed run leaves no half-written file.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write creates or replaces path with what write produces. On any error
// the temporary file is removed, path is left as it was, and the error is
// returned unwrapped (callers add the path and their context).
func Write(path string, write func(w io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = write(f)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
