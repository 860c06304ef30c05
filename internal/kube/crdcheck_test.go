package kube

import (
	"bytes"
	"os"
	"testing"

	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// eachV1CRD calls fn with every apiextensions.k8s.io/v1
// CustomResourceDefinition document of the files at paths.
func eachV1CRD(t *testing.T, paths []string, fn func(path string, f *yamlfile.File, d *yamlfile.Document)) {
	t.Helper()
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(src, []byte("CustomResourceDefinition")) {
			continue
		}
		f := yamlfile.Parse(p, src, yamlfile.Options{})
		for _, d := range f.Docs {
			if d.Root == nil || !IsCRD(d.Value()) {
				continue
			}
			if av, _ := d.Root.Child("apiVersion").String(); av == "apiextensions.k8s.io/v1" {
				fn(p, f, d)
			}
		}
	}
}

// TestCorpusCRDsAccepted: every apiextensions.k8s.io/v1 CRD of the corpus
// (real projects' CRDs, which clusters accept) passes the API server's
// create validation here, and is really validated (decoded), not skipped.
func TestCorpusCRDsAccepted(t *testing.T) {
	if testing.Short() {
		t.Skip("whole corpus")
	}
	checked := 0
	eachV1CRD(t, corpus.YAMLFiles(t, "k8s/crds", "k8s/manifests", "k8s/crs"), func(p string, f *yamlfile.File, d *yamlfile.Document) {
		if !decodesAsCRD(d.Root) {
			t.Errorf("%s: CRD does not decode", p)
			return
		}
		checked++
		for _, dg := range validateCRD(f, d.Root) {
			t.Errorf("%s:%d: %s", p, f.Lines.Position(dg.Range.Start).Line, dg.Message)
		}
	})
	t.Logf("%d CRDs validated", checked)
	if checked < 150 {
		t.Errorf("only %d CRDs validated; the corpus has 165+", checked)
	}
}
