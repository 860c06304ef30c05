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
	// byLabel indexes pods by "key=value" label pair, for the first
	// indexed pods (see anyPodMatches).
	byLabel map[string][]int
	indexed int
	objects []*yamlfile.Node // Kubernetes objects of kinds policies take as params
	// deferred: the caller lints every input, then calls Finish; pod
	// labels are gathered while linting and Services judged at the end,
	// so no input is parsed twice.
	deferred bool
	pending  []*Pending
}

// Pending is a finding that depends on files not seen yet: it stands if
// Recheck still says so once every input has been linted.
type Pending struct {
	Path string
	Diag diag.Diagnostic
	// stands reports whether the finding still holds with every input known.
	stands func() bool
}

// Defer tells the set that every input will be linted and Finish called
// afterwards (the command line): cross-file rules then gather what they
// need while linting instead of in a pre-pass.
func (s *Set) Defer() {
	if s == nil {
		return
	}
	inv := s.inv()
	inv.mu.Lock()
	inv.deferred = true
	inv.mu.Unlock()
}

// Finish returns, once every input has been linted, the deferred findings
// that still stand, given the ones kept (after directives and severities)
// by the caller through keep.
func (s *Set) Finish(kept []*Pending) []*Pending {
	var out []*Pending
	for _, p := range kept {
		if p.stands() {
			out = append(out, p)
		}
	}
	return out
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
	return !s.Policies.Empty()
}

// AddInput records one input file in the inventory (before checking).
func (s *Set) AddInput(path string, src []byte) {
	if !s.WantsInventory() {
		return
	}
	// Only Namespaces and policies' parameter objects are wanted.
	if !bytes.Contains(src, []byte("kind")) || !s.Policies.mayHoldParam(src) {
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
	var local []podLabels
	for _, d := range c.Docs {
		if d.Doc != nil && isKubeObject(d.Doc.Root) {
			local = append(local, podTemplateLabels(d.Doc.Root)...)
		}
	}
	inv := c.Set.inv()
	inv.mu.Lock()
	deferred := inv.deferred
	if deferred {
		inv.pods = append(inv.pods, local...)
	}
	inv.mu.Unlock()
	// In the editor (no view of every input) a file is judged against
	// its own workloads, and only when it has some.
	if !deferred && len(local) == 0 {
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
		keys := make([]string, 0, len(sel))
		for k, v := range sel {
			keys = append(keys, k+"="+v)
		}
		sort.Strings(keys)
		dg := diag.Diagnostic{Range: selNode.KeyRange, Severity: c.Rule.Severity, Code: c.Rule.ID,
			Message: fmt.Sprintf("no pod template among the inputs has the labels %s; the Service would have no endpoints", strings.Join(keys, ", "))}
		if !deferred {
			c.report(dg)
			continue
		}
		c.defer_(&Pending{Path: c.Path, Diag: dg, stands: func() bool {
			inv.mu.Lock()
			defer inv.mu.Unlock()
			return !inv.anyPodMatches(sel, ns)
		}})
	}
}

// anyPodMatches is matchesAny over every input's pod templates, through
// an index from each label pair to the pods that carry it (built once all
// inputs are in): each Service then looks only at the pods carrying its
// rarest selector pair, instead of at every pod of the run, which made a
// run over many Services and workloads quadratic. Called with inv.mu held.
func (inv *Inventory) anyPodMatches(sel map[string]string, ns string) bool {
	if inv.byLabel == nil || inv.indexed != len(inv.pods) {
		inv.byLabel = map[string][]int{}
		for i, p := range inv.pods {
			for k, v := range p.labels {
				inv.byLabel[k+"="+v] = append(inv.byLabel[k+"="+v], i)
			}
		}
		inv.indexed = len(inv.pods)
	}
	var best []int
	first := true
	for k, v := range sel {
		c := inv.byLabel[k+"="+v]
		if first || len(c) < len(best) {
			best, first = c, false
		}
		if len(best) == 0 {
			return false
		}
	}
	for _, i := range best {
		if matchesAny(sel, ns, inv.pods[i:i+1]) {
			return true
		}
	}
	return false
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
