// Package sysmem tells how much memory this process may still use: the
// smaller of what the kernel reports as available (MemAvailable of
// /proc/meminfo) and what is left under the memory limit of the process's
// control group, cgroup v2 (memory.max) or v1 (memory.limit_in_bytes),
// including the limits of every ancestor group that is visible. In a
// container the cgroup limit, not the host's total, is what the kernel
// enforces, so a memory plan must be made against it.
package sysmem

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"strconv"
	"strings"
)

// Info is a reading of the memory this process may use.
type Info struct {
	// Available is the smaller of MemAvailable and the room left under
	// the tightest cgroup limit, in bytes.
	Available int64
	// MemAvailable is /proc/meminfo's MemAvailable, in bytes.
	MemAvailable int64
	// Limit is the tightest cgroup memory limit, or 0 when there is none;
	// Used is that group's current usage.
	Limit, Used int64
	// Source names where Available came from ("meminfo", "cgroup v1
	// /path" or "cgroup v2 /path").
	Source string
}

// Read reads the memory readings of the running process under the usual
// Linux mount points. Elsewhere (no /proc/meminfo) it returns an error.
func Read() (Info, error) { return ReadFS(os.DirFS("/")) }

// ReadFS is Read with the file system rooted at fsys (which must contain
// proc/meminfo, and may contain proc/self/cgroup and sys/fs/cgroup/...),
// so that it can be tested against fixed trees.
func ReadFS(fsys fs.FS) (Info, error) {
	avail, err := memAvailable(fsys)
	if err != nil {
		return Info{}, err
	}
	info := Info{Available: avail, MemAvailable: avail, Source: "meminfo"}
	groups, err := cgroups(fsys)
	if err != nil {
		// No cgroup information is not an error: the machine's figure holds.
		return info, nil
	}
	for _, g := range groups {
		limit, used, ok := g.tightest(fsys)
		if !ok {
			continue
		}
		if info.Limit == 0 || limit-used < info.Limit-info.Used {
			info.Limit, info.Used = limit, used
			if room := max(limit-used, 0); room < info.Available {
				info.Available = room
				info.Source = g.name()
			}
		}
	}
	return info, nil
}

// memAvailable returns MemAvailable of proc/meminfo in bytes.
func memAvailable(fsys fs.FS) (int64, error) {
	f, err := fsys.Open("proc/meminfo")
	if err != nil {
		return 0, fmt.Errorf("reading available memory: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != "MemAvailable" {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			break
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil || kb < 0 {
			break
		}
		return kb * 1024, nil
	}
	return 0, errors.New("reading available memory: /proc/meminfo has no usable MemAvailable line")
}

// group is the memory cgroup of the process in one hierarchy.
type group struct {
	v2   bool
	path string // the group's path inside its hierarchy, starting with /
}

func (g group) name() string {
	if g.v2 {
		return "cgroup v2 " + g.path
	}
	return "cgroup v1 " + g.path
}

// cgroups reads proc/self/cgroup and returns the process's memory groups.
func cgroups(fsys fs.FS) ([]group, error) {
	data, err := fs.ReadFile(fsys, "proc/self/cgroup")
	if err != nil {
		return nil, err
	}
	var gs []group
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			gs = append(gs, group{v2: true, path: parts[2]})
		case containsField(parts[1], "memory"):
			gs = append(gs, group{path: parts[2]})
		}
	}
	return gs, nil
}

func containsField(list, want string) bool {
	for f := range strings.SplitSeq(list, ",") {
		if f == want {
			return true
		}
	}
	return false
}

// tightest walks from the group up to its hierarchy's root and returns the
// limit with the least room left and that level's usage. In a container
// whose cgroup namespace hides the host's path, the group's own directory
// is the mount point itself, which the walk also tries.
func (g group) tightest(fsys fs.FS) (limit, used int64, ok bool) {
	root, limitFile, usageFile := "sys/fs/cgroup/memory", "memory.limit_in_bytes", "memory.usage_in_bytes"
	if g.v2 {
		root, limitFile, usageFile = "sys/fs/cgroup", "memory.max", "memory.current"
		if _, err := fs.Stat(fsys, "sys/fs/cgroup/cgroup.controllers"); err != nil {
			root = "sys/fs/cgroup/unified"
		}
	}
	seen := map[string]bool{}
	for p := path.Clean("/" + g.path); ; p = path.Dir(p) {
		dir := path.Join(root, p)
		if !seen[dir] {
			seen[dir] = true
			if l, u, found := readLimit(fsys, dir, limitFile, usageFile); found {
				if !ok || l-u < limit-used {
					limit, used, ok = l, u, true
				}
			}
		}
		if p == "/" {
			break
		}
	}
	return limit, used, ok
}

// noLimit is the least value read as "no limit": cgroup v1 reports the
// absence of a limit as a page-rounded MaxInt64.
const noLimit = math.MaxInt64 / 2

// readLimit reads a group directory's limit and usage; found is false when
// the files are missing or the group has no limit.
func readLimit(fsys fs.FS, dir, limitFile, usageFile string) (limit, used int64, found bool) {
	lim, err := fs.ReadFile(fsys, path.Join(dir, limitFile))
	if err != nil {
		return 0, 0, false
	}
	s := strings.TrimSpace(string(lim))
	if s == "max" {
		return 0, 0, false
	}
	limit, err = strconv.ParseInt(s, 10, 64)
	if err != nil || limit <= 0 || limit >= noLimit {
		return 0, 0, false
	}
	if u, err := fs.ReadFile(fsys, path.Join(dir, usageFile)); err == nil {
		used, _ = strconv.ParseInt(strings.TrimSpace(string(u)), 10, 64)
	}
	return limit, max(used, 0), true
}
