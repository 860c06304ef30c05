package kube_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/yamlint/yamlint/internal/corpus"

	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/helmrender/helmtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	helmtest.Cleanup()
	os.Exit(code)
}

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

// TestHelmRenderCorpus renders every chart of the corpus that has
// templates (--helm-render), with its default values and each ci/*.yaml:
// no crash or internal error, and the findings are the ones listed here,
// each with the reason the API server (or Helm) would refuse it.
func TestHelmRenderCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("whole corpus")
	}
	charts := corpus.Sub(t, "helm/charts")
	entries, err := os.ReadDir(charts)
	if err != nil {
		t.Fatal(err)
	}
	helmtest.Use(t)
	l := newLinter(t, engine.KubeOptions{HelmRender: true})
	// Each expected finding, with its reason.
	expected := map[string]string{
		// metrics-server's ci/tls-certManager-values.yaml renders
		// cert-manager Issuer and Certificate objects; the corpus has no
		// cert-manager CRDs, so they have no schema (a warning, as for any
		// manifest).
		"kubernetes-sigs__metrics-server__metrics-server/templates/certificate.yaml:4 [k8s-missing-schema]":  "kind Issuer (apiVersion cert-manager.io/v1)",
		"kubernetes-sigs__metrics-server__metrics-server/templates/certificate.yaml:13 [k8s-missing-schema]": "kind Certificate (apiVersion cert-manager.io/v1)",
	}
	rendered := 0
	for _, e := range entries {
		dir := filepath.Join(charts, e.Name())
		tmpls, _ := filepath.Glob(filepath.Join(dir, "templates", "*.yaml"))
		if len(tmpls) == 0 {
			continue
		}
		rendered++
		start := time.Now()
		var got []string
		for _, f := range lintFiles(t, l, charts, tmpls) {
			if f.code == "internal" {
				t.Errorf("%s:%d: %s", f.file, f.line, f.msg)
			}
			got = append(got, fmt.Sprintf("%s:%d [%s]\x00%s", f.file, f.line, f.code, f.msg))
		}
		t.Logf("%s: %d templates, %d findings, %s", e.Name(), len(tmpls), len(got), time.Since(start).Round(time.Millisecond))
		for _, g := range got {
			key, msg, _ := strings.Cut(g, "\x00")
			t.Logf("  %s %s", key, msg)
			if want, ok := expected[key]; !ok || !strings.Contains(msg, want) {
				t.Errorf("unexpected finding: %s %s", key, msg)
			}
		}
	}
	t.Logf("%d charts with templates rendered", rendered)
}
