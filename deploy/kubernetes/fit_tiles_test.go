// Package kubernetes holds no code: its test checks the manifests of this
// folder, which no cluster runs in this repository's tests.
package kubernetes

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// object holds the fields of a Kubernetes object that the test checks;
// the YAML decoder ignores the others.
type object struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name   string            `yaml:"name"`
		Labels map[string]string `yaml:"labels"`
	} `yaml:"metadata"`
	Spec struct {
		// PersistentVolumeClaim
		AccessModes []string `yaml:"accessModes"`
		// Job
		CompletionMode       string `yaml:"completionMode"`
		Completions          *int   `yaml:"completions"`
		Parallelism          *int   `yaml:"parallelism"`
		BackoffLimitPerIndex *int   `yaml:"backoffLimitPerIndex"`
		Template             struct {
			Metadata struct {
				Labels map[string]string `yaml:"labels"`
			} `yaml:"metadata"`
			Spec podSpec `yaml:"spec"`
		} `yaml:"template"`
		// Pod
		podSpec `yaml:",inline"`
	} `yaml:"spec"`
}

type podSpec struct {
	RestartPolicy string      `yaml:"restartPolicy"`
	Containers    []container `yaml:"containers"`
	Volumes       []struct {
		Name string `yaml:"name"`
		PVC  *struct {
			ClaimName string `yaml:"claimName"`
		} `yaml:"persistentVolumeClaim"`
	} `yaml:"volumes"`
}

type container struct {
	Name         string   `yaml:"name"`
	Image        string   `yaml:"image"`
	Command      []string `yaml:"command"`
	Args         []string `yaml:"args"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
	Resources struct {
		Requests map[string]string `yaml:"requests"`
	} `yaml:"resources"`
}

const manifest = "fit-tiles.yaml"

// stepLabel selects the objects of one step of the documented commands
// (kubectl apply -l neurbf.io/step=...).
const stepLabel = "neurbf.io/step"

// check returns what is wrong with the manifest text: what must agree
// for the tiles to be fitted and merged. The Indexed Job runs one pod per
// tile of its --tiles grid and leaves the index to JOB_COMPLETION_INDEX,
// the Jobs and the file pod share one claim, the merge reads the folder
// the tiles are written to, and every object carries the step label the
// header's commands select by.
func check(text string) (bad []string) {
	fail := func(format string, a ...any) { bad = append(bad, fmt.Sprintf(format, a...)) }
	objs := map[string]object{}
	dec := yaml.NewDecoder(strings.NewReader(text))
	for i := 0; ; i++ {
		var o object
		if err := dec.Decode(&o); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			fail("document %d: %v", i, err)
			return bad
		}
		objs[o.Kind+"/"+o.Metadata.Name] = o
	}
	get := func(key, apiVersion string) (object, bool) {
		o, ok := objs[key]
		if !ok {
			fail("no %s", key)
		} else if o.APIVersion != apiVersion {
			fail("%s: apiVersion %q, want %q", key, o.APIVersion, apiVersion)
		}
		return o, ok
	}
	pvc, okPVC := get("PersistentVolumeClaim/neurbf-data", "v1")
	files, okFiles := get("Pod/neurbf-files", "v1")
	tiles, okTiles := get("Job/neurbf-tiles", "batch/v1")
	merge, okMerge := get("Job/neurbf-merge", "batch/v1")
	if !okPVC || !okFiles || !okTiles || !okMerge {
		return bad
	}
	claim := pvc.Metadata.Name
	if len(pvc.Spec.AccessModes) != 1 || pvc.Spec.AccessModes[0] != "ReadWriteMany" {
		fail("the claim's access modes are %v; pods on many nodes share it: want [ReadWriteMany]", pvc.Spec.AccessModes)
	}
	mounted(fail, "Pod/neurbf-files", files.Spec.podSpec, claim)

	const tk = "Job/neurbf-tiles"
	ts := tiles.Spec
	if ts.CompletionMode != "Indexed" {
		fail("%s: completionMode %q, want Indexed (it sets JOB_COMPLETION_INDEX)", tk, ts.CompletionMode)
	}
	fit, ok := mounted(fail, tk, ts.Template.Spec, claim)
	if !ok {
		return bad
	}
	args := fit.Args
	if len(args) < 3 || args[0] != "fit" || args[1] != "image" {
		fail("%s: args %q, want fit image IMAGE ...", tk, args)
		return bad
	}
	out := flag(args, "-o")
	mounted(fail, tk, ts.Template.Spec, claim, args[2], out)
	m := regexp.MustCompile(`^([1-9][0-9]*)x([1-9][0-9]*)$`).FindStringSubmatch(flag(args, "--tiles"))
	if m == nil {
		fail("%s: --tiles %q, want RxC", tk, flag(args, "--tiles"))
		return bad
	}
	r, _ := strconv.Atoi(m[1])
	c, _ := strconv.Atoi(m[2])
	if ts.Completions == nil || *ts.Completions != r*c {
		fail("%s: completions %s, want %d: one pod per tile of %dx%d", tk, show(ts.Completions), r*c, r, c)
	}
	if ts.Parallelism != nil && (*ts.Parallelism < 1 || *ts.Parallelism > r*c) {
		fail("%s: parallelism %d, want 1..%d", tk, *ts.Parallelism, r*c)
	}
	if flag(args, "--tile") != "" {
		fail("%s: --tile given; each pod's index must come from JOB_COMPLETION_INDEX", tk)
	}
	if ts.BackoffLimitPerIndex == nil || *ts.BackoffLimitPerIndex < 1 {
		fail("%s: backoffLimitPerIndex %s, want at least 1 (a failed tile retried alone)", tk, show(ts.BackoffLimitPerIndex))
	}
	if ts.Template.Spec.RestartPolicy != "Never" {
		fail("%s: restartPolicy %q, want Never (backoffLimitPerIndex requires it)", tk, ts.Template.Spec.RestartPolicy)
	}
	if th, cpu := flag(args, "--threads"), fit.Resources.Requests["cpu"]; th != cpu {
		fail("%s: --threads %q but the pod requests %q CPUs", tk, th, cpu)
	}

	const mk = "Job/neurbf-merge"
	if mc, ok := mounted(fail, mk, merge.Spec.Template.Spec, claim); ok {
		if len(mc.Args) < 2 || mc.Args[0] != "merge" || path.Clean(mc.Args[1]) != path.Clean(out) {
			fail("%s: args %q, want merge %s -o MODEL (the tiles' folder)", mk, mc.Args, out)
		}
		mounted(fail, mk, merge.Spec.Template.Spec, claim, flag(mc.Args, "-o"))
		if mc.Image != fit.Image {
			fail("%s: image %q, but the tiles are fitted by %q", mk, mc.Image, fit.Image)
		}
	}
	if merge.Spec.Template.Spec.RestartPolicy != "Never" {
		fail("%s: restartPolicy %q, want Never", mk, merge.Spec.Template.Spec.RestartPolicy)
	}

	for key, o := range objs {
		step := o.Metadata.Labels[stepLabel]
		if step == "" {
			fail("%s has no %s label", key, stepLabel)
			continue
		}
		if o.Kind == "Job" && o.Spec.Template.Metadata.Labels[stepLabel] != step {
			fail("%s: its pods' %s label is %q, want %q", key, stepLabel, o.Spec.Template.Metadata.Labels[stepLabel], step)
		}
		if cmd := fmt.Sprintf("kubectl apply -f %s -l %s=%s", manifest, stepLabel, step); !strings.Contains(text, cmd) {
			fail("the header does not say how to apply %s (%q)", key, cmd)
		}
	}
	for _, job := range []string{"neurbf-tiles", "neurbf-merge"} {
		if !regexp.MustCompile(`kubectl wait --for=condition=complete .*job/` + job + `\b`).MatchString(text) {
			fail("the header does not say how to wait for job/%s", job)
		}
	}
	return bad
}

func show(p *int) string {
	if p == nil {
		return "absent"
	}
	return strconv.Itoa(*p)
}

// flag returns the value after name in args, "" when absent.
func flag(args []string, name string) string {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}
	return ""
}

// mounted checks that the one container of spec mounts the claim at a
// folder holding every path, and returns the container.
func mounted(fail func(string, ...any), key string, spec podSpec, claim string, paths ...string) (container, bool) {
	if len(spec.Containers) != 1 {
		fail("%s: %d containers, want 1", key, len(spec.Containers))
		return container{}, false
	}
	c := spec.Containers[0]
	vol := ""
	for _, v := range spec.Volumes {
		if v.PVC != nil && v.PVC.ClaimName == claim {
			vol = v.Name
		}
	}
	mount := ""
	for _, m := range c.VolumeMounts {
		if m.Name == vol && vol != "" {
			mount = path.Clean(m.MountPath)
		}
	}
	if mount == "" {
		fail("%s: the container does not mount the claim %s", key, claim)
		return c, false
	}
	for _, p := range paths {
		if !strings.HasPrefix(path.Clean(p), mount+"/") {
			fail("%s: %q is not on the shared volume (mounted at %s)", key, p, mount)
		}
	}
	return c, true
}

func TestFitTiles(t *testing.T) {
	data, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range check(string(data)) {
		t.Errorf("%s: %s", manifest, p)
	}
}

// TestFitTilesCheckFails breaks the manifest in ways that would stop the
// tiles or the merge on a cluster; check must name each.
func TestFitTilesCheckFails(t *testing.T) {
	data, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, tc := range []struct{ old, new, want string }{
		{"completions: 16", "completions: 15", "completions 15, want 16"},
		{"completionMode: Indexed", "completionMode: NonIndexed", "want Indexed"},
		{"args: [merge, /data/tiles,", "args: [merge, /data/tile,", "the tiles' folder"},
		{"            - /data/tiles\n", "            - /tmp/tiles\n", `"/tmp/tiles" is not on the shared volume`},
		{"              cpu: \"2\"", "              cpu: \"4\"", `--threads "2" but the pod requests "4" CPUs`},
		{"claimName: neurbf-data\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: neurbf-merge",
			"claimName: other\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: neurbf-merge", "does not mount the claim"},
	} {
		if strings.Count(text, tc.old) != 1 {
			t.Fatalf("%q is not once in %s", tc.old, manifest)
		}
		bad := check(strings.Replace(text, tc.old, tc.new, 1))
		if !strings.Contains(strings.Join(bad, "\n"), tc.want) {
			t.Errorf("with %q for %q: check says %q, want %q in it", tc.new, tc.old, bad, tc.want)
		}
	}
}
