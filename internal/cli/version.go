package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// BuildInfo is what the running binary knows about how it was built, from
// runtime/debug.ReadBuildInfo. Fields the build did not record are zero
// (a binary built with -buildvcs=false, as `go test` and `go run` often
// are, has no revision).
type BuildInfo struct {
	Module     string `json:"module,omitempty"`      // main module path
	Version    string `json:"version,omitempty"`     // main module version; "(devel)" for a build from a work tree
	Revision   string `json:"revision,omitempty"`    // vcs.revision: the commit
	Time       string `json:"commit_time,omitempty"` // vcs.time: the commit's time, RFC 3339
	Modified   bool   `json:"modified,omitempty"`    // vcs.modified: the work tree differed from the commit
	Go         string `json:"go"`                    // toolchain version
	Experiment string `json:"goexperiment,omitempty"`
	Platform   string `json:"platform"` // GOOS/GOARCH
}

// Build returns the running binary's BuildInfo.
func Build() BuildInfo {
	b := BuildInfo{Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.Module, b.Version = bi.Main.Path, bi.Main.Version
	if bi.GoVersion != "" {
		b.Go = bi.GoVersion
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		case "GOEXPERIMENT":
			b.Experiment = s.Value
		}
	}
	return b
}

// Version returns one line describing the running binary, for --version
// and for the metadata of files it writes: the module version, the commit
// (12 hex digits, "+modified" when the work tree had changes), the Go
// version with its experiments, and the platform; for example
// "v1.2.0 (commit 5a8454b0c1d2+modified, go1.26.8-X:simd, linux/amd64)".
func Version() string { return Build().String() }

// String formats b as Version does.
func (b BuildInfo) String() string {
	v := b.Version
	if v == "" {
		v = "(unknown version)"
	}
	var parts []string
	if b.Revision != "" {
		r := b.Revision
		if len(r) > 12 {
			r = r[:12]
		}
		if b.Modified {
			r += "+modified"
		}
		parts = append(parts, "commit "+r)
	}
	g := b.Go
	if b.Experiment != "" && !strings.Contains(g, "X:") {
		g += " GOEXPERIMENT=" + b.Experiment
	}
	parts = append(parts, g, b.Platform)
	return fmt.Sprintf("%s (%s)", v, strings.Join(parts, ", "))
}
