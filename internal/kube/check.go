package kube

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Diagnostic codes reported by Checker (schema errors keep schemas.Code).
const (
	CodeDeprecated    = "k8s-deprecated-api"
	CodeMissingSchema = "k8s-missing-schema"
	CodeObject        = "k8s-object"
	CodeDuplicate     = "k8s-duplicate-object"
	// CodeUnknownKind: a kind a built-in API group does not have, when
	// it differs from one it has only in case (kind: configmap).
	CodeUnknownKind = "k8s-unknown-kind"
)

// Checker validates the Kubernetes objects of parsed files: each document
// with apiVersion and kind against its kind's schema.
type Checker struct {
	Registry *Registry
	// IgnoreMissing silences k8s-missing-schema (--ignore-missing-schemas).
	IgnoreMissing bool

	added    sync.Map // schema URL or *Schema -> *sync.Once giving it to the Store
	crdFiles sync.Map // path -> crdFile: the content its CRDs were registered from
	// crdChecked: sha256 of a CRD's text -> objectResult of validateCRD.
	crdChecked sync.Map

	memoMu sync.Mutex
	memo   map[string]objectResult // CheckCached: document text -> result
}

// objectResult is checkObject's result for one document, with ranges
// relative to where the document started.
type objectResult struct {
	start int
	diags []diag.Diagnostic
	url   string
}

// maxMemo bounds CheckCached's memory: past it the memo starts afresh.
const maxMemo = 4096

// CheckCached is Check reusing the result of documents whose text was
// checked before (with the same CRDs registered): the language server
// re-checks a file on every edit, and most of its documents are unchanged.
func (c *Checker) CheckCached(store *schemas.Store, f *yamlfile.File, partial bool) (diags []diag.Diagnostic, urls []string) {
	urls = make([]string, len(f.Docs))
	seen := map[string]*yamlfile.Node{}
	gen := c.Registry.gen.Load()
	for i, d := range f.Docs {
		if d.Root == nil || d.Root.Kind != yamlfile.Mapping {
			continue
		}
		key := fmt.Sprintf("%d\x00%t\x00%s", gen, partial, f.Src[d.Range.Start:d.Range.End])
		c.memoMu.Lock()
		r, hit := c.memo[key]
		c.memoMu.Unlock()
		if hit {
			delta := d.Range.Start - r.start
			for _, dg := range r.diags {
				dg.Range.Start += delta
				dg.Range.End += delta
				if len(dg.Fixes) > 0 {
					fixes := make([]diag.Fix, len(dg.Fixes)) // the memo's stay as they are
					for fi, fix := range dg.Fixes {
						edits := make([]diag.TextEdit, len(fix.Edits))
						for ei, e := range fix.Edits {
							e.Range.Start += delta
							e.Range.End += delta
							edits[ei] = e
						}
						fix.Edits = edits
						fixes[fi] = fix
					}
					dg.Fixes = fixes
				}
				diags = append(diags, dg)
			}
			urls[i] = r.url
		} else {
			var own []diag.Diagnostic
			urls[i] = c.checkObject(store, f, d, d.Root, &own, true, partial)
			diags = append(diags, own...)
			c.memoMu.Lock()
			if c.memo == nil || len(c.memo) >= maxMemo {
				c.memo = map[string]objectResult{}
			}
			c.memo[key] = objectResult{start: d.Range.Start, diags: own, url: urls[i]}
			c.memoMu.Unlock()
		}
		if urls[i] != "" && !partial {
			c.checkDuplicate(f, d.Root, seen, &diags)
		}
	}
	return diags, urls
}

// HasObjects reports whether any document of f looks like a Kubernetes
// object (a mapping with apiVersion or kind).
func HasObjects(f *yamlfile.File) bool {
	for _, d := range f.Docs {
		if d.Root != nil && d.Root.Kind == yamlfile.Mapping && (d.Root.Child("apiVersion") != nil || d.Root.Child("kind") != nil) {
			return true
		}
	}
	return false
}

// Check validates every Kubernetes object of f. urls[i] is the schema used
// for f.Docs[i] ("" when none). partial checks the objects as build inputs
// (see Schema.Partial): required fields may be missing.
func (c *Checker) Check(store *schemas.Store, f *yamlfile.File, partial bool) (diags []diag.Diagnostic, urls []string) {
	urls = make([]string, len(f.Docs))
	perDoc := make([][]diag.Diagnostic, len(f.Docs))
	check := func(i int) {
		if d := f.Docs[i]; d.Root != nil && d.Root.Kind == yamlfile.Mapping {
			urls[i] = c.checkObject(store, f, d, d.Root, &perDoc[i], true, partial)
		}
	}
	// A large multi-document file's objects are validated on all cores
	// (the checker serves concurrent files already); the findings keep
	// document order.
	if workers := min(runtime.GOMAXPROCS(0), len(f.Docs)); workers > 1 && len(f.Src) >= parallelCheckMin {
		var next atomic.Int64
		var wg sync.WaitGroup
		var failure atomic.Value // a worker's panic, raised again here for the engine's recover
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					if r := recover(); r != nil {
						failure.CompareAndSwap(nil, fmt.Sprint(r))
					}
				}()
				for i := int(next.Add(1)) - 1; i < len(f.Docs); i = int(next.Add(1)) - 1 {
					check(i)
				}
			}()
		}
		wg.Wait()
		if r := failure.Load(); r != nil {
			panic(r)
		}
	} else {
		for i := range f.Docs {
			check(i)
		}
	}
	seen := map[string]*yamlfile.Node{}
	for i, d := range f.Docs {
		diags = append(diags, perDoc[i]...)
		if urls[i] != "" && !partial {
			c.checkDuplicate(f, d.Root, seen, &diags)
		}
	}
	return diags, urls
}

// parallelCheckMin is the file size from which Check spreads documents
// over goroutines (smaller files are done before they would start).
var parallelCheckMin = 32 << 10

// checkDuplicate reports an object that the file already defines: same
// API group, kind, namespace and name. Applying the file, the later one
// silently replaces the earlier. (Objects without a namespace are not
// compared with namespaced ones: the default namespace is the user's.)
func (c *Checker) checkDuplicate(f *yamlfile.File, n *yamlfile.Node, seen map[string]*yamlfile.Node, diags *[]diag.Diagnostic) {
	md := n.Child("metadata")
	nameNode := md.Child("name")
	name, _ := nameNode.String()
	if name == "" {
		return // generateName objects are all distinct
	}
	av, _ := n.Child("apiVersion").String()
	kind, _ := n.Child("kind").String()
	ns, _ := md.Child("namespace").String()
	key := GVK{APIVersion: av}.Group() + "\x00" + kind + "\x00" + ns + "\x00" + name
	if first, dup := seen[key]; dup {
		line := f.Lines.Position(first.Range.Start).Line
		*diags = append(*diags, diag.Diagnostic{Range: valueOf(f, nameNode), Severity: diag.SeverityError, Code: CodeDuplicate,
			Message: fmt.Sprintf("duplicate object %s %q (first defined at line %d); applying the file, this one replaces it", kind, name, line)})
		return
	}
	seen[key] = nameNode
}

// checkObject validates one object node (a document root or a List item)
// and returns the schema URL used.
func (c *Checker) checkObject(store *schemas.Store, f *yamlfile.File, d *yamlfile.Document, n *yamlfile.Node, diags *[]diag.Diagnostic, top, partial bool) string {
	avNode, kindNode := n.Child("apiVersion"), n.Child("kind")
	if avNode == nil && kindNode == nil {
		if !top {
			*diags = append(*diags, diag.Diagnostic{Range: headOf(f, n), Severity: diag.SeverityError, Code: CodeObject,
				Message: "list item is not a Kubernetes object: missing apiVersion and kind"})
		}
		return ""
	}
	av, avIsStr := avNode.String()
	kind, kindIsStr := kindNode.String()
	if top && !(avIsStr && IsAPIVersion(av) && kindNode != nil) {
		// Not a Kubernetes object: apiVersion must be a string of the form
		// [group/]version and kind present (Grafana provisioning files have
		// `apiVersion: 1`; Helm values and tool configs a lone `kind: X`).
		// Reported: an empty kind or apiVersion (kubeconform's "missing
		// kind"), and a missing one when the document has object metadata
		// and the other key has the Kubernetes form.
		md := n.Child("metadata")
		hasMeta := md != nil && md.Kind == yamlfile.Mapping
		emptyKind := kindNode != nil && (kindNode.Value == nil || kindIsStr && kind == "")
		emptyAV := avNode != nil && (avNode.Value == nil || avIsStr && av == "")
		switch {
		case emptyKind:
			*diags = append(*diags, diag.Diagnostic{Range: valueOf(f, kindNode), Severity: diag.SeverityError, Code: CodeObject,
				Message: "kind must be a non-empty string"})
		case emptyAV && kindNode != nil:
			*diags = append(*diags, diag.Diagnostic{Range: valueOf(f, avNode), Severity: diag.SeverityError, Code: CodeObject,
				Message: "apiVersion must be a non-empty string"})
		case hasMeta && avNode == nil && kindIsStr:
			*diags = append(*diags, diag.Diagnostic{Range: keyOf(f, kindNode), Severity: diag.SeverityError, Code: CodeObject,
				Message: "Kubernetes object without apiVersion"})
		case hasMeta && kindNode == nil && avIsStr && IsAPIVersion(av):
			*diags = append(*diags, diag.Diagnostic{Range: keyOf(f, avNode), Severity: diag.SeverityError, Code: CodeObject,
				Message: "Kubernetes object without kind"})
		}
		return ""
	}
	switch {
	case avNode == nil:
		*diags = append(*diags, diag.Diagnostic{Range: keyOf(f, kindNode), Severity: diag.SeverityError, Code: CodeObject,
			Message: "Kubernetes object without apiVersion"})
		return ""
	case kindNode == nil:
		*diags = append(*diags, diag.Diagnostic{Range: keyOf(f, avNode), Severity: diag.SeverityError, Code: CodeObject,
			Message: "Kubernetes object without kind"})
		return ""
	case av == "":
		*diags = append(*diags, diag.Diagnostic{Range: valueOf(f, avNode), Severity: diag.SeverityError, Code: CodeObject,
			Message: "apiVersion must be a non-empty string"})
		return ""
	case kind == "":
		*diags = append(*diags, diag.Diagnostic{Range: valueOf(f, kindNode), Severity: diag.SeverityError, Code: CodeObject,
			Message: "kind must be a non-empty string"})
		return ""
	}
	r := c.Registry
	if dep := r.Deprecation(av, kind); dep != nil {
		sev := diag.SeverityError
		if dep.Deprecated {
			sev = diag.SeverityWarning
		}
		*diags = append(*diags, diag.Diagnostic{Range: valueOf(f, avNode), Severity: sev, Code: CodeDeprecated,
			Message: dep.Message(r.Version())})
		if !dep.Deprecated {
			return ""
		}
	}
	s, err := r.Lookup(av, kind)
	if err != nil {
		if want := r.builtinKindFold(av, kind); want != "" {
			*diags = append(*diags, diag.Diagnostic{Range: valueOf(f, kindNode), Severity: diag.SeverityError, Code: CodeUnknownKind,
				Message: fmt.Sprintf("unknown kind %s in %s; did you mean %s? (kinds are case-sensitive, and a built-in API group has no custom resources)", kind, av, want),
				Fixes:   []diag.Fix{{Title: "use " + want, Edits: []diag.TextEdit{{Range: valueOf(f, kindNode), NewText: want}}}}})
			return ""
		}
		if c.IgnoreMissing || notAPIObject(av, kind) {
			return ""
		}
		*diags = append(*diags, diag.Diagnostic{Range: valueOf(f, kindNode), Severity: diag.SeverityWarning, Code: CodeMissingSchema,
			Message: fmt.Sprintf("no schema for kind %s (apiVersion %s) in Kubernetes %s; pass its CustomResourceDefinition with --crd FILE (or config crds:), or silence with --ignore-missing-schemas", kind, av, short(r.Version()))})
		return ""
	}
	if s.broken != nil {
		p := s.broken
		*diags = append(*diags, diag.Diagnostic{Range: valueOf(f, kindNode), Severity: diag.SeverityError, Code: CodeCRD,
			Message: fmt.Sprintf("not checked: CustomResourceDefinition %s (%s) is invalid, so the API server serves no %s", p.name, p.at, kind)})
		return s.URL
	}
	if !partial && kind == "CustomResourceDefinition" && s.celSource == nil {
		defer func() { *diags = append(*diags, c.crdDiagnostics(f, n)...) }()
	}
	if partial {
		s = s.Partial()
	}
	c.AddToStore(store, s)
	sch, err := store.Compile(s.URL)
	if err != nil {
		*diags = append(*diags, diag.Diagnostic{Range: valueOf(f, kindNode), Severity: diag.SeverityError, Code: "schema-load", Message: err.Error()})
		return s.URL
	}
	// Validate the value kubectl would send: null fields are unset, and
	// plain yes/no/on/off are YAML 1.1 booleans for sigs.k8s.io/yaml.
	// Positions still come from the shared node tree.
	root := *n
	coerced := map[diag.Range]string{}
	root.Value = apiValue(n, coerced)
	for _, vd := range store.Validate(sch, f, &yamlfile.Document{Index: d.Index, Range: n.Range, Root: &root}) {
		if s, ok := coerced[vd.Range]; ok {
			// The mapper describes the source text ("on"); say what kubectl sends.
			head, _, _ := strings.Cut(vd.Message, ", got ")
			vd.Message = fmt.Sprintf("%s, got boolean %v: kubectl reads a plain %s as a YAML 1.1 boolean; write %q to keep the string", head, yaml11Bools[s], s, s)
		}
		*diags = append(*diags, vd)
	}
	if !partial {
		*diags = append(*diags, s.CheckCEL(f, root.Value, n)...)
	}
	report := func(d diag.Diagnostic) { *diags = append(*diags, d) }
	g := GVK{av, kind}
	builtinKind := s.bundle != nil && s.celSource == nil && !strings.HasPrefix(s.Source, "CRD ")
	if !IsList(av, kind) && !(strings.HasSuffix(kind, "List") && (builtinKind || r.isBuiltinGroup(g.Group()))) {
		checkMetadata(f, n, g, builtinKind, partial, report)
	}
	if builtinKind || r.isBuiltinGroup(g.Group()) {
		checkBuiltin(f, n, g, partial, report)
	}
	if IsList(av, kind) {
		if items := n.Child("items"); items != nil && items.Kind == yamlfile.Sequence {
			for _, it := range items.Children {
				if it.Kind == yamlfile.Mapping {
					c.checkObject(store, f, d, it, diags, false, partial)
				}
			}
		}
	}
	return s.URL
}

func valueOf(f *yamlfile.File, n *yamlfile.Node) diag.Range {
	if n.Range.End > n.Range.Start {
		return n.Range
	}
	return keyOf(f, n)
}

func keyOf(f *yamlfile.File, n *yamlfile.Node) diag.Range {
	if n.HasKey {
		return n.KeyRange
	}
	return headOf(f, n)
}

func headOf(f *yamlfile.File, n *yamlfile.Node) diag.Range {
	if n.Kind == yamlfile.Mapping && len(n.Children) > 0 && n.Children[0].HasKey {
		return n.Children[0].KeyRange
	}
	end := f.Lines.LineEnd(f.Lines.Line(n.Range.Start))
	if end > n.Range.End || end < n.Range.Start {
		end = n.Range.End
	}
	return diag.Range{Start: n.Range.Start, End: end}
}

// AddCRDsFromFile registers every CustomResourceDefinition in a YAML file.
// Files that do not mention CustomResourceDefinition are not parsed.
func (c *Checker) AddCRDsFromFile(path string, src []byte) (int, error) {
	if !bytes.Contains(src, []byte("CustomResourceDefinition")) {
		return 0, nil
	}
	return c.AddCRDsFromParsed(yamlfile.Parse(path, src, yamlfile.Options{}))
}

// CheckCRDs checks the CustomResourceDefinitions of a parsed file as the
// API server would, without registering them: the verdicts are cached by
// content, so that a caller can check many files in parallel and then
// register them in order (AddCRDsFromParsed) without checking again.
func (c *Checker) CheckCRDs(f *yamlfile.File) {
	if !bytes.Contains(f.Src, []byte("CustomResourceDefinition")) {
		return
	}
	for _, d := range f.Docs {
		if d.Root != nil && IsCRD(d.Value()) {
			c.crdDiagnostics(f, d.Root)
		}
	}
}

// AddCRDsFromParsed registers the CustomResourceDefinitions of a parsed
// file, unless the same content was registered from that path already (the
// CLI registers inputs before linting them; the language server registers
// each file it lints, so an edited CRD takes effect).
func (c *Checker) AddCRDsFromParsed(f *yamlfile.File) (int, error) {
	if !bytes.Contains(f.Src, []byte("CustomResourceDefinition")) {
		return 0, nil
	}
	sum := sha256.Sum256(f.Src)
	if prev, ok := c.crdFiles.Load(f.Path); ok && prev.(crdFile).sum == sum {
		if tl := prev.(crdFile).tooLarge; tl != nil {
			return 0, tl // reported again with the file's other findings
		}
		return 0, nil
	}
	c.crdFiles.Store(f.Path, crdFile{sum: sum})
	path := f.Path
	n := 0
	for _, d := range f.Docs {
		v := d.Value()
		if !IsCRD(v) {
			continue
		}
		var problem *crdProblem
		if ds := c.crdDiagnostics(f, d.Root); len(ds) > 0 {
			name, _ := d.Root.Child("metadata").Child("name").String()
			first := ds[0]
			for _, d := range ds {
				if d.Range.Start < first.Range.Start {
					first = d
				}
			}
			pos := f.Lines.Position(first.Range.Start)
			problem = &crdProblem{name: name, at: fmt.Sprintf("%s:%d:%d", path, pos.Line, pos.Column), msg: strings.TrimPrefix(first.Message, "the API server rejects this CustomResourceDefinition: ")}
		}
		if _, err := c.Registry.addCRD(v.(map[string]any), path, problem); err != nil {
			err = fmt.Errorf("%s: %w", path, err)
			if tl := (*CRDTooLargeError)(nil); errors.As(err, &tl) {
				c.crdFiles.Store(f.Path, crdFile{sum: sum, tooLarge: tl})
			}
			return n, err
		}
		n++
	}
	return n, nil
}

// crdFile records what a file's CRDs were registered from.
type crdFile struct {
	sum      [32]byte
	tooLarge *CRDTooLargeError // a CRD over MaxCRDSchemaObjects, not registered
}

// yaml11Bools are the plain scalars YAML 1.1 (sigs.k8s.io/yaml, hence
// kubectl and Helm) reads as booleans but YAML 1.2 reads as strings.
var yaml11Bools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
	"n": false, "N": false, "no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false,
}

// apiValue is a node's value as the API server receives it from kubectl:
// mapping entries with null values dropped (null means unset) and YAML 1.1
// booleans converted.
func apiValue(n *yamlfile.Node, coerced map[diag.Range]string) any {
	v, _ := apiValueOf(n, coerced)
	return v
}

// apiValueOf is apiValue, reporting whether the value differs from the
// node's own: an object without nulls or YAML 1.1 booleans (most) shares
// the parsed tree's values instead of copying them.
func apiValueOf(n *yamlfile.Node, coerced map[diag.Range]string) (any, bool) {
	switch n.Kind {
	case yamlfile.Mapping:
		own, isMap := n.Value.(map[string]any)
		var m map[string]any // built at the first difference
		// copyBefore starts m with the children before i, unchanged so far.
		copyBefore := func(i int) {
			m = make(map[string]any, len(n.Children))
			for _, p := range n.Children[:i] {
				if p.Value != nil {
					m[p.Key] = p.Value
				}
			}
		}
		for i, c := range n.Children {
			// A merge key's entries are the node's, not its children's.
			if m == nil && (!isMap || c.Key == "<<" || c.Value == nil) {
				copyBefore(i)
			}
			if c.Value == nil {
				continue
			}
			v, changed := apiValueOf(c, coerced)
			if changed && m == nil {
				copyBefore(i)
			}
			if m != nil {
				m[c.Key] = v
			}
		}
		if m == nil && len(own) != len(n.Children) {
			copyBefore(len(n.Children)) // duplicate keys: as the children say (the last wins)
		}
		if m == nil {
			return n.Value, false
		}
		return m, true
	case yamlfile.Sequence:
		own, isList := n.Value.([]any)
		var l []any // built at the first difference
		copyBefore := func(i int) {
			l = make([]any, len(n.Children))
			for j, p := range n.Children[:i] {
				l[j] = p.Value
			}
		}
		for i, c := range n.Children {
			v, changed := apiValueOf(c, coerced)
			if l == nil && (changed || !isList) {
				copyBefore(i)
			}
			if l != nil {
				l[i] = v
			}
		}
		if l == nil && len(own) != len(n.Children) {
			copyBefore(len(n.Children))
		}
		if l == nil {
			return n.Value, false
		}
		return l, true
	case yamlfile.Scalar:
		if s, ok := n.Value.(string); ok && n.Style == yamlfile.Plain && n.Tag == "" {
			if b, ok := yaml11Bools[s]; ok {
				coerced[n.Range] = s
				return b, true
			}
		}
	}
	return n.Value, false
}

// AddToStore gives a schema's documents (its own and the definitions it
// refers to) to the store, each URL once. Every caller returns only once
// they are in: compiling before that would try to fetch the URLs.
func (c *Checker) AddToStore(store *schemas.Store, s *Schema) {
	all, _ := c.added.LoadOrStore(s, &sync.Once{})
	all.(*sync.Once).Do(func() {
		for url, doc := range s.Resources() {
			once, _ := c.added.LoadOrStore(url, &sync.Once{})
			once.(*sync.Once).Do(func() { store.AddResource(url, doc) })
		}
	})
}

// notAPIObject recognizes files in Kubernetes' apiVersion/kind style that
// are not API server resources (tool and component configurations): having
// no schema for them is expected, not worth a warning.
func notAPIObject(apiVersion, kind string) bool {
	g := GVK{APIVersion: apiVersion}.Group()
	switch {
	case apiVersion == "v1" && kind == "Config": // kubeconfig
		return true
	case apiVersion == "builtin": // kustomize transformer configs
		return true
	case strings.HasSuffix(g, "config.k8s.io"): // kubelet, kube-proxy, scheduler, kustomize...
		return true
	case g == "kind.x-k8s.io", g == "kubeadm.k8s.io", g == "audit.k8s.io", g == "kpt.dev", g == "config.kubernetes.io":
		return true
	case strings.HasPrefix(apiVersion, "skaffold/"):
		return true
	}
	return false
}
