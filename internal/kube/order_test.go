package kube_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/yamlint/yamlint/internal/engine"
)

// TestCRDFromLintedFile: without a pre-scan (the language server lints
// files as they are opened), linting a CRD file registers its kinds for
// the files linted after it.
func TestCRDFromLintedFile(t *testing.T) {
	l := newLinter(t, engine.KubeOptions{})
	cr := []byte("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: zero}\n")
	codes := func() []string {
		var out []string
		for _, d := range l.Lint("widget.yaml", cr).Diagnostics {
			if ownCode(d.Code) {
				out = append(out, d.Code)
			}
		}
		return out
	}
	if got := codes(); len(got) != 1 || got[0] != "k8s-missing-schema" {
		t.Fatalf("before the CRD: %v, want one k8s-missing-schema", got)
	}
	crdPath := filepath.Join("..", "..", "testdata", "kube", "crds", "widget.yaml")
	src, err := os.ReadFile(crdPath)
	if err != nil {
		t.Fatal(err)
	}
	l.Lint(crdPath, src)
	if got := codes(); len(got) != 1 || got[0] != "schema" {
		t.Fatalf("after linting the CRD: %v, want one schema error (size: zero)", got)
	}
}
