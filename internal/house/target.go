package house

import (
	"strconv"
	"strings"

	"github.com/yamlint/yamlint/internal/kube"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// TargetKind is what a rule is evaluated on.
type TargetKind int

const (
	TargetDocument TargetKind = iota
	TargetPodSpec
	TargetContainer
	TargetJob
	TargetStep
	TargetService
	TargetPath
)

// targetNames are the named targets (anything else is a path).
var targetNames = map[string]TargetKind{
	"document":  TargetDocument,
	"pod-spec":  TargetPodSpec,
	"container": TargetContainer,
	"job":       TargetJob,
	"step":      TargetStep,
	"service":   TargetService,
}

// Target is a named target or a path ("jobs.*", "spec.template").
type Target struct {
	Kind TargetKind
	Path []string
}

func (t Target) String() string {
	if t.Kind == TargetPath {
		return strings.Join(t.Path, ".")
	}
	for name, k := range targetNames {
		if k == t.Kind {
			return name
		}
	}
	return "?"
}

// instance is one node a rule is evaluated on, with the extra variables
// its target provides.
type instance struct {
	node *yamlfile.Node
	// podSpec is the pod spec a container belongs to; containerType is
	// "containers", "initContainers" or "ephemeralContainers".
	podSpec       *yamlfile.Node
	containerType string
	// job is the job a step belongs to.
	job *yamlfile.Node
	// workload is the Kubernetes kind owning a pod spec.
	workload string
	// vars are the CEL variables, built on first use.
	vars *activation
}

// resolve lists the instances of t in a document of the given format.
func (t Target) resolve(format string, root *yamlfile.Node) []instance {
	if root == nil {
		return nil
	}
	switch t.Kind {
	case TargetDocument:
		return []instance{{node: root}}
	case TargetPodSpec, TargetContainer:
		if !isKubeObject(root) {
			return nil
		}
		kind, _ := root.Child("kind").String()
		var out []instance
		for _, ps := range podSpecs(root) {
			if t.Kind == TargetPodSpec {
				out = append(out, instance{node: ps, podSpec: ps, workload: kind})
				continue
			}
			for _, field := range []string{"initContainers", "containers", "ephemeralContainers"} {
				list := ps.Child(field)
				if list == nil || list.Kind != yamlfile.Sequence {
					continue
				}
				for _, c := range list.Children {
					if c.Kind == yamlfile.Mapping {
						out = append(out, instance{node: c, podSpec: ps, containerType: field, workload: kind})
					}
				}
			}
		}
		return out
	case TargetJob:
		return jobs(format, root)
	case TargetStep:
		var out []instance
		switch format {
		case "github-workflow", "azure-pipelines":
			for _, j := range jobs(format, root) {
				for _, s := range items(j.node.Child("steps")) {
					out = append(out, instance{node: s, job: j.node})
				}
			}
			if format == "azure-pipelines" {
				for _, s := range items(root.Child("steps")) {
					out = append(out, instance{node: s})
				}
			}
		case "github-action":
			for _, s := range items(root.Child("runs").Child("steps")) {
				out = append(out, instance{node: s})
			}
		}
		return out
	case TargetService:
		if format != "compose" {
			return nil
		}
		var out []instance
		if s := root.Child("services"); s != nil && s.Kind == yamlfile.Mapping {
			for _, c := range s.Children {
				out = append(out, instance{node: c})
			}
		}
		return out
	case TargetPath:
		var out []instance
		walkPath(root, t.Path, func(n *yamlfile.Node) { out = append(out, instance{node: n}) })
		return out
	}
	return nil
}

func items(n *yamlfile.Node) []*yamlfile.Node {
	if n == nil || n.Kind != yamlfile.Sequence {
		return nil
	}
	return n.Children
}

// gitlabKeywords are the top-level keys of .gitlab-ci.yml that are not jobs.
var gitlabKeywords = map[string]bool{"default": true, "include": true, "stages": true, "variables": true, "workflow": true,
	"image": true, "services": true, "cache": true, "before_script": true, "after_script": true, "types": true, "spec": true}

// jobs lists the jobs of a pipeline: GitHub's jobs.*, GitLab's top-level
// jobs (not keywords, not hidden ".name" templates), Azure's jobs at the
// top or under stages.
func jobs(format string, root *yamlfile.Node) []instance {
	var out []instance
	switch format {
	case "github-workflow":
		if js := root.Child("jobs"); js != nil && js.Kind == yamlfile.Mapping {
			for _, j := range js.Children {
				out = append(out, instance{node: j})
			}
		}
	case "gitlab-ci":
		if root.Kind != yamlfile.Mapping {
			return nil
		}
		for _, j := range root.Children {
			if gitlabKeywords[j.Key] || strings.HasPrefix(j.Key, ".") || j.Kind != yamlfile.Mapping {
				continue
			}
			out = append(out, instance{node: j})
		}
	case "azure-pipelines":
		for _, j := range items(root.Child("jobs")) {
			out = append(out, instance{node: j})
		}
		for _, s := range items(root.Child("stages")) {
			for _, j := range items(s.Child("jobs")) {
				out = append(out, instance{node: j})
			}
		}
	}
	return out
}

// walkPath calls fn on every node path reaches from n; "*" is any key or
// item.
func walkPath(n *yamlfile.Node, path []string, fn func(*yamlfile.Node)) {
	if n == nil {
		return
	}
	if len(path) == 0 {
		fn(n)
		return
	}
	seg, rest := path[0], path[1:]
	switch n.Kind {
	case yamlfile.Mapping:
		if seg == "*" {
			for _, c := range n.Children {
				walkPath(c, rest, fn)
			}
			return
		}
		walkPath(n.Child(seg), rest, fn)
	case yamlfile.Sequence:
		if seg == "*" {
			for _, c := range n.Children {
				walkPath(c, rest, fn)
			}
			return
		}
		if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(n.Children) {
			walkPath(n.Children[i], rest, fn)
		}
	}
}

// podSpecs returns the pod specs of a Kubernetes object: the built-in
// workloads' at their fixed place; for other kinds (custom resources that
// embed a pod template: Argo Rollouts, Knative, operators' CRs...) every
// mapping reached through `template.spec` that holds a containers list.
func podSpecs(root *yamlfile.Node) []*yamlfile.Node {
	kind, _ := root.Child("kind").String()
	av, _ := root.Child("apiVersion").String()
	if p := kube.PodSpecPath(av, kind); p != nil {
		n := root
		for _, seg := range p {
			n = n.Child(seg)
		}
		if n == nil || n.Kind != yamlfile.Mapping {
			return nil
		}
		return []*yamlfile.Node{n}
	}
	var out []*yamlfile.Node
	var walk func(n *yamlfile.Node, parentKey string, depth int)
	walk = func(n *yamlfile.Node, parentKey string, depth int) {
		if n == nil || depth > 12 || n.Alias {
			return
		}
		if n.Kind == yamlfile.Mapping && n.Key == "spec" && parentKey == "template" && looksLikePodSpec(n) {
			out = append(out, n)
			return
		}
		for _, c := range n.Children {
			walk(c, n.Key, depth+1)
		}
	}
	walk(root.Child("spec"), "", 0)
	return out
}

// podSpecKeys are fields only a PodSpec has, among those a template
// without containers (a partial manifest, an overlay) still carries.
var podSpecKeys = []string{"containers", "initContainers", "hostNetwork", "hostPID", "hostIPC", "serviceAccountName",
	"restartPolicy", "nodeSelector", "tolerations", "terminationGracePeriodSeconds", "dnsPolicy"}

// looksLikePodSpec tells a pod spec under template.spec of a custom
// resource from other templates: a containers list, or a PodSpec-only key.
func looksLikePodSpec(n *yamlfile.Node) bool {
	if c := n.Child("containers"); c != nil {
		return c.Kind == yamlfile.Sequence
	}
	for _, k := range podSpecKeys[1:] {
		if n.Child(k) != nil {
			return true
		}
	}
	return false
}
