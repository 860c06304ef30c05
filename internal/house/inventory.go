package house

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Inventory is what rules that look across files know about all the
// inputs: the pod templates' labels (for k8s-dangling-service) and the
// objects admission policies take as parameters. The CLI fills it from
// every input before checking any; the language server has no complete
// view, so rules that need it stay quiet there.
type Inventory struct {
	mu       sync.RWMutex
	complete bool
	pods     []podLabels
	objects  []*yamlfile.Node // Kubernetes objects of kinds policies take as params
}

type podLabels struct {
	namespace string
	labels    map[string]string
}

// WantsInventory reports whether the set has rules that need every input
// seen beforehand.
func (s *Set) WantsInventory() bool {
	if s == nil {
		return false
	}
	if !s.Policies.Empty() {
		return true
	}
	for _, r := range s.Rules {
		if r.ID == "k8s-dangling-service" {
			return true
		}
	}
	return false
}

// AddInput records one input file in the inventory (before checking).
func (s *Set) AddInput(path string, src []byte) {
	if !s.WantsInventory() {
		return
	}
	if !bytes.Contains(src, []byte("kind")) {
		return
	}
	f := yamlfile.Parse(path, src, yamlfile.Options{})
	s.AddParsed(f)
}

// AddParsed records one parsed input in the inventory.
func (s *Set) AddParsed(f *yamlfile.File) {
	inv := s.inv()
	inv.mu.Lock()
	defer inv.mu.Unlock()
	inv.complete = true
	for _, d := range f.Docs {
		if d.Root == nil || !isKubeObject(d.Root) {
			continue
		}
		inv.pods = append(inv.pods, podTemplateLabels(d.Root)...)
		if s.Policies.wantsParam(d.Root) {
			inv.objects = append(inv.objects, d.Root)
		}
	}
}

func (s *Set) inv() *Inventory {
	if s.inventory == nil {
		s.inventory = &Inventory{}
	}
	return s.inventory
}

// podTemplateLabels returns the labels of the pods an object creates (its
// own for a Pod).
func podTemplateLabels(root *yamlfile.Node) []podLabels {
	ns, _ := root.Child("metadata").Child("namespace").String()
	kind, _ := root.Child("kind").String()
	if kind == "Pod" {
		return []podLabels{{ns, stringMap(root.Child("metadata").Child("labels"))}}
	}
	var out []podLabels
	var walk func(n *yamlfile.Node, depth int)
	walk = func(n *yamlfile.Node, depth int) {
		if n == nil || depth > 12 || n.Alias {
			return
		}
		// Any template with labels counts (a pod template without its
		// spec, a custom resource's): matching more templates can only
		// make the rule quieter.
		if n.Kind == yamlfile.Mapping && n.Key == "template" {
			if labels := n.Child("metadata").Child("labels"); labels != nil && labels.Kind == yamlfile.Mapping {
				out = append(out, podLabels{ns, stringMap(labels)})
				return
			}
		}
		for _, c := range n.Children {
			walk(c, depth+1)
		}
	}
	walk(root.Child("spec"), 0)
	return out
}

func stringMap(n *yamlfile.Node) map[string]string {
	out := map[string]string{}
	if n == nil || n.Kind != yamlfile.Mapping {
		return out
	}
	for _, c := range n.Children {
		out[c.Key] = fmt.Sprint(c.Value)
	}
	return out
}

// danglingServiceRule is k8s-dangling-service, in Go: it looks across
// files, which the expression language cannot.
func danglingServiceRule() *Rule {
	return &Rule{
		ID:          "k8s-dangling-service",
		Description: "A Service's selector matches no pod template among the inputs",
		Explanation: "A Service whose selector matches no Pod has no endpoints: traffic to it fails, usually because " +
			"of a typo in a label or a workload that was renamed. The pod templates of every input file are " +
			"considered (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, Pods and custom resources that " +
			"embed a pod template); Services without a selector (ExternalName, manual Endpoints) are not checked. " +
			"The rule needs to see every input, so it runs on the command line, not in the editor.",
		Severity: diag.SeverityWarning,
		Pack:     PackKubernetes,
		Targets:  []Target{{Kind: TargetDocument}},
		Examples: Examples{
			Invalid: []Example{{Src: []byte("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: wbe}\n  ports: [{port: 80}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx:1.27.2}]\n")}},
			Valid:   []Example{{Src: []byte("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx:1.27.2}]\n")}},
		},
		Go: checkDanglingServices,
	}
}

func checkDanglingServices(c *Context) {
	// Without the inventory of every input (the editor), only a file
	// that holds workloads itself is judged, against its own.
	var local []podLabels
	for _, d := range c.Docs {
		if d.Doc != nil && isKubeObject(d.Doc.Root) {
			local = append(local, podTemplateLabels(d.Doc.Root)...)
		}
	}
	inv := c.Set.inventory
	complete := inv != nil && inv.complete
	if !complete && (len(local) == 0 || !c.Testing) {
		return
	}
	for _, d := range c.Docs {
		root := d.Doc.Root
		if root == nil || !isKubeObject(root) {
			continue
		}
		if k, _ := root.Child("kind").String(); k != "Service" {
			continue
		}
		if av, _ := root.Child("apiVersion").String(); av != "v1" {
			continue
		}
		selNode := root.Child("spec").Child("selector")
		sel := stringMap(selNode)
		if len(sel) == 0 {
			continue
		}
		if t, _ := root.Child("spec").Child("type").String(); t == "ExternalName" {
			continue
		}
		ns, _ := root.Child("metadata").Child("namespace").String()
		if matchesAny(sel, ns, local) {
			continue
		}
		if complete {
			inv.mu.RLock()
			ok := matchesAny(sel, ns, inv.pods)
			inv.mu.RUnlock()
			if ok {
				continue
			}
		}
		keys := make([]string, 0, len(sel))
		for k, v := range sel {
			keys = append(keys, k+"="+v)
		}
		sort.Strings(keys)
		c.Report(selNode.KeyRange, fmt.Sprintf("no pod template among the inputs has the labels %s; the Service would have no endpoints", strings.Join(keys, ", ")))
	}
}

func matchesAny(sel map[string]string, ns string, pods []podLabels) bool {
	for _, p := range pods {
		if ns != "" && p.namespace != "" && ns != p.namespace {
			continue
		}
		ok := true
		for k, v := range sel {
			if p.labels[k] != v {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
