package engine

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/rules"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// docAssociations returns each document's schema when some association
// rule looks at content (nil otherwise, or when no document has one): a
// multi-document file may mix an Argo CD Application, a Tekton Pipeline
// and plain Kubernetes objects.
func (l *Linter) docAssociations(path string, f *yamlfile.File) []schemas.Association {
	if !l.assoc.HasContentRules() {
		return nil
	}
	out := make([]schemas.Association, len(f.Docs))
	found := false
	associate := l.assoc.ForFile(path, f)
	for i, d := range f.Docs {
		if a, ok := associate(d); ok {
			out[i], found = a, true
		}
	}
	if !found {
		return nil
	}
	return out
}

// checkPerDocument validates each document with its own schema; documents
// without one get the Kubernetes checks when the file has objects (their
// findings in associated documents are dropped).
func (l *Linter) checkPerDocument(path string, f *yamlfile.File, per []schemas.Association, docs []rules.DocInfo, cache *yamlfile.Cache) []diag.Diagnostic {
	var out []diag.Diagnostic
	loadFailed := map[string]bool{}
	unassociated := false
	for i, d := range f.Docs {
		a := per[i]
		if a.URL == "" {
			unassociated = unassociated || d.Root != nil
			continue
		}
		docs[i].SchemaURL = a.URL
		sch, err := l.Store.Compile(a.URL)
		if err != nil {
			if !loadFailed[a.URL] {
				loadFailed[a.URL] = true
				out = append(out, diag.Diagnostic{Range: a.Range, Severity: diag.SeverityError, Code: "schema-load", Message: err.Error()})
			}
			continue
		}
		out = append(out, l.Store.Validate(sch, f, d)...)
	}
	if !unassociated || !l.kubeApplies(path, f) {
		return out
	}
	_, _ = l.kube.AddCRDsFromParsed(f)
	check := l.kube.Check
	if cache != nil {
		check = l.kube.CheckCached
	}
	kd, urls := check(l.Store, f, l.layout.inKustomizeTree(path))
	for _, dg := range kd {
		if i := docAt(f, dg.Range.Start); i < 0 || per[i].URL == "" {
			out = append(out, dg)
		}
	}
	for i, u := range urls {
		if i < len(per) && per[i].URL == "" {
			docs[i].SchemaURL = u
		}
	}
	return out
}

// perDocument reports whether documents are associated one by one rather
// than by the file-level association a: not when --schema, a modeline or
// a Helm chart's values schema names the schema of the whole file.
func perDocument(a schemas.Association) bool {
	switch a.Source {
	case "flag", "modeline", "helm", "helm-ci":
		return false
	}
	return true
}

// docAt is the index of the document holding a byte offset, or -1.
func docAt(f *yamlfile.File, off int) int {
	for i, d := range f.Docs {
		if off >= d.Range.Start && off <= d.Range.End {
			return i
		}
	}
	return -1
}
