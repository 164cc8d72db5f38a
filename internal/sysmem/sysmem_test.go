package sysmem

import (
	"testing"
	"testing/fstest"
)

const meminfo = "MemTotal:       24000000 kB\nMemFree:        20000000 kB\nMemAvailable:   16000000 kB\n"

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestMeminfoOnly(t *testing.T) {
	info, err := ReadFS(fstest.MapFS{"proc/meminfo": file(meminfo)})
	if err != nil {
		t.Fatal(err)
	}
	if info.Available != 16000000*1024 || info.Source != "meminfo" || info.Limit != 0 {
		t.Errorf("got %+v", info)
	}
}

func TestNoMeminfo(t *testing.T) {
	if _, err := ReadFS(fstest.MapFS{}); err == nil {
		t.Error("no /proc/meminfo: no error")
	}
	if _, err := ReadFS(fstest.MapFS{"proc/meminfo": file("MemTotal: 1 kB\n")}); err == nil {
		t.Error("no MemAvailable line: no error")
	}
}

// TestCgroupV2 has a 4 GiB limit on the job with 1 GiB used, under a
// parent with a looser limit: the room is 3 GiB.
func TestCgroupV2(t *testing.T) {
	fsys := fstest.MapFS{
		"proc/meminfo":                                file(meminfo),
		"proc/self/cgroup":                            file("0::/jobs/fit\n"),
		"sys/fs/cgroup/cgroup.controllers":            file("memory cpu\n"),
		"sys/fs/cgroup/jobs/memory.max":               file("8589934592\n"),
		"sys/fs/cgroup/jobs/memory.current":           file("1073741824\n"),
		"sys/fs/cgroup/jobs/fit/memory.max":           file("4294967296\n"),
		"sys/fs/cgroup/jobs/fit/memory.current":       file("1073741824\n"),
		"sys/fs/cgroup/jobs/fit/other/memory.max":     file("1\n"),
		"sys/fs/cgroup/jobs/fit/other/memory.current": file("0\n"),
	}
	info, err := ReadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if info.Available != 3<<30 || info.Limit != 4<<30 || info.Used != 1<<30 || info.Source != "cgroup v2 /jobs/fit" {
		t.Errorf("got %+v", info)
	}
}

// TestCgroupV2Max: "max" everywhere is no limit.
func TestCgroupV2Max(t *testing.T) {
	fsys := fstest.MapFS{
		"proc/meminfo":                     file(meminfo),
		"proc/self/cgroup":                 file("0::/a\n"),
		"sys/fs/cgroup/cgroup.controllers": file("memory\n"),
		"sys/fs/cgroup/a/memory.max":       file("max\n"),
	}
	info, err := ReadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if info.Available != 16000000*1024 || info.Limit != 0 {
		t.Errorf("got %+v", info)
	}
}

// TestCgroupV1 reads a v1 memory hierarchy; v1's "no limit" is a huge
// page-rounded number, and a namespaced container sees its own group at
// the mount point.
func TestCgroupV1(t *testing.T) {
	fsys := fstest.MapFS{
		"proc/meminfo":     file(meminfo),
		"proc/self/cgroup": file("5:cpu,cpuacct:/x\n4:memory:/process_api/abc\n0::/\n"),
		"sys/fs/cgroup/memory/process_api/abc/memory.limit_in_bytes": file("9223372036854771712\n"),
		"sys/fs/cgroup/memory/process_api/abc/memory.usage_in_bytes": file("100\n"),
		"sys/fs/cgroup/memory/memory.limit_in_bytes":                 file("2147483648\n"),
		"sys/fs/cgroup/memory/memory.usage_in_bytes":                 file("536870912\n"),
	}
	info, err := ReadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if info.Available != 1536<<20 || info.Limit != 2<<30 || info.Source != "cgroup v1 /process_api/abc" {
		t.Errorf("got %+v", info)
	}
}

// TestLimitAboveAvailable: a limit with more room than the machine has
// leaves MemAvailable in charge.
func TestLimitAboveAvailable(t *testing.T) {
	fsys := fstest.MapFS{
		"proc/meminfo":                     file(meminfo),
		"proc/self/cgroup":                 file("0::/big\n"),
		"sys/fs/cgroup/cgroup.controllers": file("memory\n"),
		"sys/fs/cgroup/big/memory.max":     file("107374182400\n"),
		"sys/fs/cgroup/big/memory.current": file("0\n"),
	}
	info, err := ReadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if info.Available != 16000000*1024 || info.Source != "meminfo" || info.Limit != 100<<30 {
		t.Errorf("got %+v", info)
	}
}

// TestReadHere runs against the real machine: it must give a positive
// figure no larger than MemAvailable.
func TestReadHere(t *testing.T) {
	info, err := Read()
	if err != nil {
		t.Skipf("no /proc/meminfo here: %v", err)
	}
	if info.Available <= 0 || info.Available > info.MemAvailable {
		t.Errorf("got %+v", info)
	}
	t.Logf("%+v", info)
}
