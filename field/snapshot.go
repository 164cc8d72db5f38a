package field

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"

	"github.com/neurbf/neurbf/grid"
	"github.com/neurbf/neurbf/internal/atomicfile"
	"github.com/neurbf/neurbf/nn"
)

// Snapshot file format, version 3 (specified in docs/SNAPSHOT.md). All
// integers are little-endian.
//
//	magic    8 bytes  "NEURBF\x00\x01"
//	version  uint32   3 (1 and 2 are still read)
//	hdrLen   uint32   length of the JSON header
//	header   hdrLen bytes of JSON (SnapshotHeader)
//	count    uint32   number of tensors
//	tensors  count × { nameLen uint16, name, n uint64, n × float32 }
//	crc      uint32   CRC-32C (Castagnoli) of every byte before it
const (
	snapshotMagic = "NEURBF\x00\x01"
	// SnapshotVersion is the version Save writes. Version 2 added the
	// header's provenance, version 3 the tile of a tile's snapshot and the
	// tiling of a merged one (whose tensors are named per tile); the
	// layout is that of version 1, and Load reads every version.
	SnapshotVersion = 3
	// oldestSnapshotVersion is the oldest version Load reads.
	oldestSnapshotVersion = 1
)

// maxHeader bounds the JSON header so a corrupt length cannot ask for a huge
// allocation (the file size bounds everything else).
const maxHeader = 16 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// SnapshotHeader is the JSON header of a snapshot.
type SnapshotHeader struct {
	Format  string  `json:"format"` // always "neurbf snapshot"
	Version int     `json:"-"`      // the file's format version, set by Load
	Config  Config  `json:"config"`
	Steps   int     `json:"steps"`   // training steps the parameters have seen
	Seconds float64 `json:"seconds"` // training time they took
	// Provenance says where the parameters came from; nil in version-1
	// files and when the writer did not know.
	Provenance *Provenance `json:"provenance,omitempty"`
	// Tile is set in the snapshot of one tile of a tiled fit (version 3):
	// where the tile lies in which image's grid.
	Tile *TileOf `json:"tile,omitempty"`
	// Tiling is set in a merged snapshot (version 3): its tiles, whose
	// tensors are stored under the names "tI/NAME" for tile I. Config then
	// describes the whole image. Save fills it in from the model.
	Tiling *Tiling `json:"tiling,omitempty"`
}

// Provenance records how a model was made, so that a snapshot or a
// metrics file can be traced back to its input, its settings and the
// program that wrote it.
type Provenance struct {
	Input       string `json:"input"`                  // path of the fitted file as given, or "built-in:NAME"
	InputSHA256 string `json:"input_sha256,omitempty"` // hex SHA-256 of the input file's bytes
	Seed        uint64 `json:"seed"`                   // the resolved training seed
	Command     string `json:"command,omitempty"`      // the command line, shell-quoted
	Version     string `json:"version,omitempty"`      // module version of the program ("(devel)" for a work-tree build)
	Revision    string `json:"revision,omitempty"`     // VCS revision it was built from, "+modified" when the work tree had changes
	CPU         string `json:"cpu,omitempty"`          // processor model name
	Kernels     string `json:"kernels,omitempty"`      // matrix-product implementation (nn.Kernels)
	Interrupted bool   `json:"interrupted"`            // training was stopped early (Ctrl-C, SIGTERM)
}

// tensor is one named array in a snapshot.
type tensor struct {
	name string
	data []float32
}

// writeSnapshot writes header and tensors to path atomically: into a
// temporary file in the same directory, synced, then renamed over path.
func writeSnapshot(path string, h SnapshotHeader, ts []*nn.Param) error {
	h.Format = "neurbf snapshot"
	js, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("%s: encoding header: %w", path, err)
	}
	var buf bytes.Buffer
	buf.WriteString(snapshotMagic)
	le := binary.LittleEndian
	buf.Write(le.AppendUint32(nil, SnapshotVersion))
	buf.Write(le.AppendUint32(nil, uint32(len(js))))
	buf.Write(js)
	buf.Write(le.AppendUint32(nil, uint32(len(ts))))
	for _, t := range ts {
		buf.Write(le.AppendUint16(nil, uint16(len(t.Name))))
		buf.WriteString(t.Name)
		buf.Write(le.AppendUint64(nil, uint64(len(t.Data))))
		b := make([]byte, 4*len(t.Data))
		for i, v := range t.Data {
			le.PutUint32(b[4*i:], math.Float32bits(v))
		}
		buf.Write(b)
	}
	buf.Write(le.AppendUint32(nil, crc32.Checksum(buf.Bytes(), castagnoli)))
	err = atomicfile.Write(path, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err })
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// readSnapshot reads and verifies a snapshot file.
func readSnapshot(path string) (SnapshotHeader, []tensor, error) {
	var h SnapshotHeader
	data, err := os.ReadFile(path)
	if err != nil {
		return h, nil, err
	}
	h, ts, err := parseSnapshot(data)
	if err != nil {
		return h, nil, fmt.Errorf("%s: %w", path, err)
	}
	return h, ts, nil
}

// ErrNotSnapshot is returned for a file that does not start with the magic.
var ErrNotSnapshot = errors.New("not a neurbf snapshot (wrong magic bytes)")

// parseSnapshot decodes a snapshot held in memory.
func parseSnapshot(data []byte) (SnapshotHeader, []tensor, error) {
	var h SnapshotHeader
	if len(data) < len(snapshotMagic) || string(data[:len(snapshotMagic)]) != snapshotMagic {
		return h, nil, ErrNotSnapshot
	}
	r := &reader{b: data[len(snapshotMagic):]}
	version := r.u32()
	if r.err == nil && (version < oldestSnapshotVersion || version > SnapshotVersion) {
		return h, nil, fmt.Errorf("snapshot format version %d, this program reads versions %d to %d", version, oldestSnapshotVersion, SnapshotVersion)
	}
	if len(data) < len(snapshotMagic)+12 {
		return h, nil, errors.New("truncated snapshot")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return h, nil, errors.New("checksum mismatch: the snapshot is corrupt or truncated")
	}
	r.b = r.b[:len(r.b)-4]
	n := r.u32()
	if n > maxHeader {
		return h, nil, fmt.Errorf("header length %d is implausible", n)
	}
	if err := json.Unmarshal(r.bytes(int(n)), &h); r.err == nil && err != nil {
		return h, nil, fmt.Errorf("bad header: %w", err)
	}
	h.Version = int(version)
	h.pinInterp()
	count := r.u32()
	var ts []tensor
	for i := 0; i < int(count) && r.err == nil; i++ {
		name := string(r.bytes(int(r.u16())))
		k := r.u64()
		if k > uint64(len(r.b)/4) {
			r.err = io.ErrUnexpectedEOF
			break
		}
		raw := r.bytes(int(k) * 4)
		d := make([]float32, k)
		for j := range d {
			d[j] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*j:]))
		}
		ts = append(ts, tensor{name, d})
	}
	if r.err != nil {
		return h, nil, fmt.Errorf("malformed snapshot: %w", r.err)
	}
	if len(r.b) != 0 {
		return h, nil, fmt.Errorf("malformed snapshot: %d unexpected bytes after the tensors", len(r.b))
	}
	return h, ts, nil
}

// reader decodes little-endian fields, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		if r.err == nil {
			r.err = io.ErrUnexpectedEOF
		}
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) u16() uint16 {
	b := r.bytes(2)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint16(b)
}

func (r *reader) u32() uint32 {
	b := r.bytes(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

func (r *reader) u64() uint64 {
	b := r.bytes(8)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

// pinInterp makes the grid weights of configs written before
// grid.Config.Interp existed explicit: those grids were all linear, while
// Resolve now gives an SDF's hybrid grid the smooth weights when the field
// is empty. Every config Save writes is resolved, so Interp is set in it.
func (h *SnapshotHeader) pinInterp() {
	pin := func(c *Config) {
		if c.Grid.Levels != 0 && c.Grid.Interp == "" {
			c.Grid.Interp = grid.InterpLinear
		}
	}
	pin(&h.Config)
	if h.Tiling != nil {
		for i := range h.Tiling.Tiles {
			pin(&h.Tiling.Tiles[i].Config)
		}
	}
}
