package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
)

func repoWithConfig(t *testing.T, cfg string) (string, *config.Config) {
	t.Helper()
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	p := filepath.Join(dir, ".yamlint.yaml")
	if err := os.WriteFile(p, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	return dir, c
}

// A repository's config may only name a catalog inside the repository; the
// user's own config may name one anywhere.
func TestRepositoryConfigCatalogConfined(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "catalog.json")
	os.WriteFile(outside, []byte(`{"schemas": []}`), 0o644)
	_, cfg := repoWithConfig(t, "catalog: "+outside+"\n")
	if _, err := New(cfg, Options{}); err == nil || !strings.Contains(err.Error(), "outside the repository") {
		t.Errorf("repository config naming an outside catalog: err = %v", err)
	}
	cfg.UserLevel = true
	if _, err := New(cfg, Options{}); err != nil {
		t.Errorf("user-level config: %v", err)
	}
}

// Kubernetes schema locations from a repository's config are confined too;
// the refusal says nothing of the file, and the good manifest beside is
// still checked.
func TestRepositoryConfigSchemaLocationConfined(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "widget.json"), []byte("SECRET not json"), 0o644)
	dir, cfg := repoWithConfig(t, "schema-locations: [\""+outside+"/{{ .ResourceKind }}.json\", default]\n")
	l, err := New(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := l.Lint(filepath.Join(dir, "w.yaml"), []byte("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"))
	var msgs []string
	for _, d := range res.Diagnostics {
		msgs = append(msgs, d.Code+": "+d.Message)
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, "k8s-missing-schema") || strings.Contains(all, "SECRET") || strings.Contains(all, "invalid character") {
		t.Errorf("diagnostics:\n%s", all)
	}
	if len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], "is outside the repository; its files are not read") {
		t.Errorf("warnings = %q", l.Warnings)
	}
	res = l.Lint(filepath.Join(dir, "cm.yaml"), []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1}\n"))
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Code != "schema" {
		t.Errorf("good manifest beside it: %+v", res.Diagnostics)
	}
}
