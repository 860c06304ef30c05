package house

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// kubeLinterChecks maps kube-linter checks to the pack rules that cover
// them.
var kubeLinterChecks = map[string][]string{
	"latest-tag":                     {"k8s-image-tag"},
	"unset-cpu-requirements":         {"k8s-cpu-requests"},
	"unset-memory-requirements":      {"k8s-memory-limits"},
	"no-liveness-probe":              {"k8s-liveness-probe"},
	"no-readiness-probe":             {"k8s-readiness-probe"},
	"host-network":                   {"k8s-host-network"},
	"host-pid":                       {"k8s-host-pid"},
	"host-ipc":                       {"k8s-host-ipc"},
	"privileged-container":           {"k8s-privileged"},
	"privilege-escalation-container": {"k8s-privilege-escalation"},
	"run-as-non-root":                {"k8s-run-as-non-root"},
	"no-read-only-root-fs":           {"k8s-read-only-root-fs"},
	"dangling-service":               {"k8s-dangling-service"},
	"minimum-three-replicas":         {"k8s-single-replica"},
	"sensitive-host-mounts":          {"k8s-host-path"},
	"writable-host-mount":            {"k8s-host-path"},
	"docker-sock":                    {"k8s-host-path"},
}

// knownDifferences are the checks whose semantics differ from our rule's
// on purpose (the issue fixes our rules' semantics), with why.
var knownDifferences = map[string]string{
	"docker-sock":            "k8s-host-path reports every hostPath volume; docker-sock only /var/run/docker.sock (the dont-fire objects mount /var/run/thing.sock)",
	"minimum-three-replicas": "k8s-single-replica reports fewer than 2 replicas; kube-linter's default minimum is 3 (its fire cases have 2)",
	"run-as-non-root":        "kube-linter also reports runAsGroup 0; k8s-run-as-non-root checks runAsNonRoot/runAsUser only",
}

var (
	batsTest    = regexp.MustCompile(`(?m)^@test "([^"]+)" \{`)
	batsMessage = regexp.MustCompile(`\[\[ "\$\{message\d+\}" == "([^:]+): (.*)" \]\]`)
	batsCount   = regexp.MustCompile(`\[\[ "\$\{count\}" == "(\d+)" \]\]`)
	quotedName  = regexp.MustCompile(`container \\"([^\\]+)\\"`)
)

// TestKubeLinterAgreement runs the pack rules on kube-linter's test
// manifests (read in place) and compares, per check, with the reports
// its end-to-end tests expect: the (kind, container) pairs for container
// checks, the kinds for object checks. It logs a table; run with -v.
func TestKubeLinterAgreement(t *testing.T) {
	root := corpus.Sub(t, "policy/kube-linter")
	bats, err := os.ReadFile(filepath.Join(root, "e2etests", "bats-tests.sh"))
	if err != nil {
		t.Skipf("kube-linter e2e tests: %v", err)
	}
	rules, err := Pack(PackKubernetes)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*Rule{}
	for _, r := range rules {
		byID[r.ID] = r
	}
	blocks := batsTest.FindAllSubmatchIndex(bats, -1)
	expected := map[string][]string{}
	counts := map[string]string{}
	for i, b := range blocks {
		name := string(bats[b[2]:b[3]])
		end := len(bats)
		if i+1 < len(blocks) {
			end = blocks[i+1][0]
		}
		body := bats[b[1]:end]
		for _, m := range batsMessage.FindAllSubmatch(body, -1) {
			expected[name] = append(expected[name], key(string(m[1]), string(m[2])))
		}
		if m := batsCount.FindSubmatch(body); m != nil {
			counts[name] = string(m[1])
		}
	}
	checks := make([]string, 0, len(kubeLinterChecks))
	for c := range kubeLinterChecks {
		checks = append(checks, c)
	}
	sort.Strings(checks)
	var table strings.Builder
	table.WriteString("| kube-linter check | our rule | kube-linter expects | we report | agree | only kube-linter | only us |\n|---|---|---|---|---|---|---|\n")
	for _, check := range checks {
		var files []string
		for _, ext := range []string{".yml", ".yaml"} {
			if _, err := os.Stat(filepath.Join(root, "tests", "checks", check+ext)); err == nil {
				files = append(files, filepath.Join(root, "tests", "checks", check+ext))
			}
		}
		if len(files) == 0 {
			t.Logf("%s: no test manifest", check)
			continue
		}
		set := &Set{}
		for _, id := range kubeLinterChecks[check] {
			set.Rules = append(set.Rules, byID[id])
		}
		var ours []string
		for _, p := range files {
			src, _ := os.ReadFile(p)
			set.AddInput(p, src)
			f := yamlfile.Parse(p, src, yamlfile.Options{})
			docs := make([]Doc, len(f.Docs))
			for i, d := range f.Docs {
				docs[i] = Doc{Doc: d, Format: inferFormat(d.Root)}
			}
			set.Check(p, f, docs, func(d diag.Diagnostic) {
				doc := docOf(f, d.Range.Start)
				kind, _ := doc.Root.Child("kind").String()
				ours = append(ours, key(kind, containerOf(doc, d.Range.Start)))
			})
		}
		exp := expected[check]
		agree, onlyThem, onlyUs := diffKeys(exp, ours)
		if (len(onlyThem) > 0 || len(onlyUs) > 0) && knownDifferences[check] == "" {
			t.Errorf("%s: only kube-linter %v, only us %v", check, onlyThem, onlyUs)
		}
		if len(onlyThem) == 0 && len(onlyUs) == 0 && knownDifferences[check] != "" {
			t.Errorf("%s: listed as differing but agrees; drop it from knownDifferences", check)
		}
		fmt.Fprintf(&table, "| %s | %s | %d (count %s) | %d | %d | %s | %s |\n", check, strings.Join(kubeLinterChecks[check], ", "),
			len(exp), counts[check], len(ours), agree, strings.Join(onlyThem, "; "), strings.Join(onlyUs, "; "))
	}
	t.Log("\n" + table.String())
	if out := os.Getenv("KUBE_LINTER_TABLE"); out != "" {
		os.WriteFile(out, []byte(table.String()), 0o644)
	}
}

// key identifies a report: the kind and, for container checks, the
// container's name.
func key(kind, msg string) string {
	if m := quotedName.FindStringSubmatch(msg); m != nil {
		return kind + "/" + m[1]
	}
	if strings.HasPrefix(msg, "container:") {
		return kind + "/" + strings.TrimPrefix(msg, "container:")
	}
	return kind
}

func docOf(f *yamlfile.File, off int) *yamlfile.Document {
	for _, d := range f.Docs {
		if d.Root != nil && off >= d.Range.Start && off <= d.Range.End {
			return d
		}
	}
	return f.Docs[0]
}

// containerOf names the container holding offset ("" when none), as
// "container:NAME".
func containerOf(doc *yamlfile.Document, off int) string {
	for _, ps := range podSpecs(doc.Root) {
		for _, field := range []string{"initContainers", "containers", "ephemeralContainers"} {
			for _, c := range items(ps.Child(field)) {
				start := c.Range.Start
				if len(c.Children) > 0 && c.Children[0].HasKey {
					start = c.Children[0].KeyRange.Start
				}
				if off >= start && off <= c.Range.End {
					n, _ := c.Child("name").String()
					return "container:" + n
				}
			}
		}
	}
	return ""
}

func diffKeys(exp, ours []string) (int, []string, []string) {
	left := map[string]int{}
	for _, e := range exp {
		left[e]++
	}
	agree := 0
	var onlyUs []string
	for _, o := range ours {
		if left[o] > 0 {
			left[o]--
			agree++
			continue
		}
		onlyUs = append(onlyUs, o)
	}
	// A pod-level finding (no container in its key) agrees with a
	// container-level report on the same kind.
	var rest []string
	for _, o := range onlyUs {
		matched := false
		if !strings.Contains(o, "/") {
			for e, n := range left {
				if n > 0 && strings.HasPrefix(e, o+"/") {
					left[e]--
					agree++
					matched = true
					break
				}
			}
		}
		if !matched {
			rest = append(rest, o)
		}
	}
	onlyUs = rest
	var onlyThem []string
	for _, e := range exp {
		if left[e] > 0 {
			left[e]--
			onlyThem = append(onlyThem, e)
		}
	}
	return agree, onlyThem, onlyUs
}
