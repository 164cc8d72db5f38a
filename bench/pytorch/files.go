package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Meta describes an exported comparison case (DIR/meta.json); the Python
// side reads it. Data files are little-endian float32, row-major.
type Meta struct {
	Task string `json:"task"` // "image" or "sdf"
	// Image: the target image, Height×Width×Channels in target.f32.
	Width    int    `json:"width,omitempty"`
	Height   int    `json:"height,omitempty"`
	Channels int    `json:"channels,omitempty"`
	Target   string `json:"target,omitempty"`
	Source   string `json:"source"` // where the image or mesh came from
	// SDF: Batches recorded training batches of Batch points each,
	// coordinates in Points (Batches×Batch×3) and exact signed distances
	// in Distances (Batches×Batch).
	Batches   int    `json:"batches,omitempty"`
	Batch     int    `json:"batch,omitempty"`
	Points    string `json:"points,omitempty"`
	Distances string `json:"distances,omitempty"`
}

// Names of the files in an exported directory.
const (
	modelFile     = "model.nrbf"
	metaFile      = "meta.json"
	targetFile    = "target.f32"
	pointsFile    = "points.f32"
	distancesFile = "distances.f32"
)

// writeFloats writes v to path as little-endian float32.
func writeFloats(path string, v []float32) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := binary.Write(f, binary.LittleEndian, v); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// writeMeta writes m to dir/meta.json.
func writeMeta(dir string, m Meta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(dir, metaFile)
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readMeta reads dir/meta.json.
func readMeta(dir string) (Meta, error) {
	var m Meta
	path := filepath.Join(dir, metaFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// readFloats reads n little-endian float32 values from path.
func readFloats(path string, n int) ([]float32, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) != 4*n {
		return nil, fmt.Errorf("%s: %d bytes, want %d (%d float32 values)", path, len(b), 4*n, n)
	}
	v := make([]float32, n)
	_, err = binary.Decode(b, binary.LittleEndian, v)
	return v, err
}
