package kube_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/engine"
)

// x-kubernetes-validations rules that use the API server's libraries
// (here quantity) are evaluated, not skipped.
func TestCRDRuleWithKubernetesLibrary(t *testing.T) {
	l := newLinter(t, engine.KubeOptions{})
	crdPath := filepath.Join("..", "..", "testdata", "kube", "crds", "widget.yaml")
	src, err := os.ReadFile(crdPath)
	if err != nil {
		t.Fatal(err)
	}
	l.Lint(crdPath, src)
	lint := func(memory string) []string {
		cr := []byte("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 1, memory: " + memory + "}\n")
		var out []string
		for _, d := range l.Lint("widget.yaml", cr).Diagnostics {
			if d.Code == "k8s-cel" {
				out = append(out, d.Message)
			}
		}
		return out
	}
	if got := lint("512Mi"); len(got) != 0 {
		t.Errorf("512Mi: %v", got)
	}
	if got := lint("2Gi"); len(got) != 1 || !strings.Contains(got[0], "memory must be below 1Gi") {
		t.Errorf("2Gi: %v", got)
	}
}
