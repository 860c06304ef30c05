package engine

import (
	"sync"

	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
	"github.com/yamlint/yamlint/schemastore"
)

// Associate returns the file-level schema Lint would apply to a parsed file
// (association, Helm values schema, offline stand-in for a well-known
// published schema), without checking it.
func (l *Linter) Associate(path string, f *yamlfile.File) (schemas.Association, bool) {
	a, ok := l.assoc.Associate(path, f)
	if !ok {
		a, ok = helmValuesSchema(path)
	}
	if ok && !l.Store.AllowRemote {
		if bundled, found := schemastore.Upstream(a.URL); found {
			a.URL = bundled
		}
	}
	return a, ok
}

// kubeInStore records which Kubernetes schema documents were added to which
// store, so that a URL is added once and never looked up remotely.
var kubeInStore sync.Map // kubeKey -> bool

type kubeKey struct {
	store *schemas.Store
	url   string
}

// DocumentSchema returns the URL of the schema Lint validates one document
// of f with: the file-level association, else the Kubernetes schema of the
// document's apiVersion/kind ("" when none). The schema's raw document is
// then available from l.Store.Raw; the language server's hover and
// completion walk it.
func (l *Linter) DocumentSchema(path string, f *yamlfile.File, d *yamlfile.Document) string {
	if a, ok := l.Associate(path, f); ok {
		return a.URL
	}
	if l.kube == nil || d == nil || d.Root == nil || d.Root.Kind != yamlfile.Mapping {
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
	if _, done := kubeInStore.LoadOrStore(kubeKey{l.Store, s.URL}, true); !done {
		l.Store.AddResource(s.URL, s.Document())
	}
	return s.URL
}
