package lsp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/baseline"
	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/fingerprint"
	"github.com/yamlint/yamlint/internal/output"
)

// TestBaselineSetting: findings recorded in the yamlint.baseline file are
// not published; a new finding is.
func TestBaselineSetting(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, ".yamlint.yaml"), []byte("rules:\n  truthy: {level: error}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	text := "a: yes\nb: 1\n"
	path := filepath.Join(root, "app.yaml")
	cfg, err := config.Load(filepath.Join(root, ".yamlint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := engine.New(cfg, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := l.Lint(path, []byte(text))
	if len(res.Diagnostics) == 0 {
		t.Fatal("the test file has no finding")
	}
	f := output.File{Path: path, Src: res.Src, Lines: res.File.Lines, Diagnostics: res.Diagnostics}
	f.Fingerprints = fingerprint.Compute(fingerprint.Input{Path: "app.yaml", Src: res.Src, Lines: res.File.Lines, Tree: res.File, Diagnostics: res.Diagnostics})
	var b strings.Builder
	if err := baseline.Write(&b, []output.File{f}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "baseline.json"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	c := start(t)
	var init map[string]any
	if err := c.call("initialize", map[string]any{"capabilities": map[string]any{}, "rootUri": fileURI(root),
		"initializationOptions": map[string]any{"yamlint": map[string]any{"baseline": "baseline.json"}}}, &init); err != nil {
		t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
	uri := fileURI(path)
	c.open(uri, "# one\n# two\n"+text) // lines inserted above: still the same finding
	if p := c.waitPublish(uri, 1, 0); len(p.Diagnostics) != 0 {
		t.Errorf("baselined finding published: %+v", p.Diagnostics)
	}
	n := c.publishCount()
	c.change(uri, 2, map[string]any{"text": "# one\n# two\n" + strings.Replace(text, "yes", "on", 1)})
	if p := c.waitPublish(uri, 2, n); len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != "truthy" {
		t.Errorf("a new finding after the edit: %+v, want one truthy", p.Diagnostics)
	}
}
