package engine

import (
	"github.com/yamlint/yamlint/internal/kube"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Associate returns the file-level schema Lint would apply to a parsed file
// (association, Helm values schema), without checking it. Offline, a
// well-known published schema resolves to its bundled stand-in when loaded
// (schemastore.Equivalent).
func (l *Linter) Associate(path string, f *yamlfile.File) (schemas.Association, bool) {
	a, ok := l.assoc.Associate(path, f)
	if !ok {
		a, ok = l.layout.helmValuesSchema(path)
	}
	return a, ok
}

// DocumentSchema returns the URL of the schema Lint validates one document
// of f with: the file-level association, else the Kubernetes schema of the
// document's apiVersion/kind ("" when none). The schema's raw document is
// then available from l.Store.Raw; the language server's hover and
// completion walk it.
//
// Prefer Result.DocSchemas, the answer of the last check; this is for text
// that has not been checked yet (an edit being typed), and decides with the
// same conditions as Lint.
func (l *Linter) DocumentSchema(path string, f *yamlfile.File, d *yamlfile.Document) string {
	a, ok := l.Associate(path, f)
	if l.assoc.HasContentRules() && perDocument(a) {
		// As Lint: each document's own association (content rules and
		// file rules in order), else its Kubernetes kind.
		if da, dok := l.assoc.AssociateDoc(path, f, d); dok {
			return da.URL
		}
		ok = false
	}
	if ok {
		return a.URL
	}
	if !l.kubeApplies(path, f) || d == nil || d.Root == nil || d.Root.Kind != yamlfile.Mapping {
		return ""
	}
	av, _ := d.Root.Child("apiVersion").String()
	kind, _ := d.Root.Child("kind").String()
	if av == "" || kind == "" {
		return ""
	}
	s, err := l.kube.Registry.Lookup(av, kind)
	if err != nil || s == nil {
		return ""
	}
	// The kind's document refers to per-definition documents; all go in.
	l.kube.AddToStore(l.Store, s)
	return s.URL
}

// kubeApplies reports whether f's documents get their Kubernetes kind's
// schema: the Kubernetes checks are on, the file has objects, and it is
// not a Helm values file or a kustomize file that is not a resource. (Only
// asked when no file-level schema is associated.)
func (l *Linter) kubeApplies(path string, f *yamlfile.File) bool {
	return l.kube != nil && kube.HasObjects(f) && !l.layout.helmValuesFile(path) && !l.layout.kustomizeNonResource(path)
}
