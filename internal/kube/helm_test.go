package kube_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"github.com/yamlint/yamlint/internal/engine"
)

// TestHelmChart: a chart's values.yaml and ci/*.yaml (merged over
// values.yaml, null deleting a default) are validated against
// values.schema.json; templates/ is never parsed or reported.
func TestHelmChart(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "helm", "mychart")
	l := newLinter(t, engine.KubeOptions{})
	files := []string{
		filepath.Join(dir, "values.yaml"),
		filepath.Join(dir, "ci", "good-values.yaml"),
		filepath.Join(dir, "ci", "bad-values.yaml"),
		filepath.Join(dir, "templates", "deployment.yaml"),
		filepath.Join(dir, "Chart.yaml"),
	}
	var got []string
	for _, f := range lintFiles(t, l, dir, files) {
		got = append(got, fmt.Sprintf("%s:%d: %s", f.file, f.line, f.msg))
	}
	sort.Strings(got)
	want := []string{
		`ci/bad-values.yaml:2: expected integer, got string "two"`,
		`ci/bad-values.yaml:3: missing required property "repository"`,
		`ci/bad-values.yaml:6: "Headless" is not allowed; expected one of "ClusterIP", "NodePort", "LoadBalancer"`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings:\n%v\nwant:\n%v", got, want)
	}
}
