package schemas

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/yamlint/yamlint/internal/yamlfile"
)

func TestAssociateByContent(t *testing.T) {
	src := "apiVersion: argoproj.io/v1alpha1\nkind: Application\n---\napiVersion: tekton.dev/v1\nkind: Pipeline\n---\n" +
		"apiVersion: argoproj.io/v1alpha1\nkind: AppProject\n---\n- a list\n---\nversion: 2\nkind: Pipeline\n"
	f := yamlfile.Parse("/r/deploy/all.yaml", []byte(src), yamlfile.Options{})
	a := &Associator{
		Config: []Rule{
			{URL: "argo", Patterns: []string{"deploy/**/*.yaml"}, Content: map[string]string{"apiVersion": "argoproj.io/*", "kind": "Application"}},
			{URL: "tekton", Content: map[string]string{"apiVersion": "tekton.dev/*", "kind": "Pipeline"}},
			{URL: "numbers", Content: map[string]string{"version": "2"}},
		},
		Catalogs: [][]Rule{{{URL: "by-file", Patterns: []string{"all.yaml"}}}},
	}
	if !a.HasContentRules() {
		t.Fatal("HasContentRules")
	}
	want := []string{"argo", "tekton", "by-file", "by-file", "numbers"}
	for i, d := range f.Docs {
		got, _ := a.AssociateDoc("/r/deploy/all.yaml", f, d)
		if got.URL != want[i] {
			t.Errorf("doc %d: %q, want %q", i, got.URL, want[i])
		}
	}
	// The files glob restricts a content rule; the file-level association
	// ignores content rules.
	if got, _ := a.AssociateDoc("/r/other/all.yaml", f, f.Docs[0]); got.URL != "by-file" {
		t.Errorf("outside deploy/: %q", got.URL)
	}
	if got, _ := a.Associate("/r/deploy/all.yaml", f); got.URL != "by-file" {
		t.Errorf("file level: %q", got.URL)
	}
}

// The catalog format takes the same optional content (no fileMatch needed).
func TestCatalogContent(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "catalog.json")
	body := `{"schemas": [{"name": "argo", "url": "argo.json", "content": {"apiVersion": "argoproj.io/*", "kind": "Application"}},
		{"name": "ignored", "url": "x.json"}]}`
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	rules, err := LoadCatalogFile(p)
	if err != nil || len(rules) != 1 || rules[0].Content["kind"] != "Application" {
		t.Fatalf("rules %+v, %v", rules, err)
	}
	f := yamlfile.Parse("/any/x.yaml", []byte("apiVersion: argoproj.io/v1alpha1\nkind: Application\n"), yamlfile.Options{})
	a := &Associator{Catalogs: [][]Rule{rules}}
	if got, ok := a.AssociateDoc("/any/x.yaml", f, f.Docs[0]); !ok || got.URL != ResolveRef("argo.json", dir) {
		t.Errorf("catalog content association: %+v %v", got, ok)
	}
}
