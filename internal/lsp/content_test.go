package lsp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/schemas/schematest"
)

// TestContentAssociation: a yaml.schemas entry written as {files, content}
// applies to the documents whose top-level keys match, each document of a
// multi-document buffer on its own.
func TestContentAssociation(t *testing.T) {
	schema := repoFile(t, "testdata/content/schemas/argo-application.json")
	dir := t.TempDir()
	c := start(t)
	c.settings = map[string]any{"yaml": map[string]any{"schemas": map[string]any{
		schema: map[string]any{"files": []string{"deploy/**/*.yaml"}, "content": map[string]any{"apiVersion": "argoproj.io/*", "kind": "Application"}},
	}}}
	c.initialize(map[string]any{}, dir)
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": c.settings})
	uri := fileURI(filepath.Join(dir, "deploy", "apps", "all.yaml"))
	text := "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: a\nspec:\n  project: default\n  destinaton: {}\n" +
		"---\napiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: p\nspec:\n  project: x\n  destinaton: {}\n"
	c.open(uri, text)
	p := c.waitPublish(uri, 1, 0)
	var lines []int
	for _, d := range p.Diagnostics {
		if d.Code == "schema" {
			lines = append(lines, d.Range.Start.Line)
		}
	}
	// The Application misses destination and misspells it (lines 4 and 6,
	// 0-based); the AppProject (same keys) is not an Application.
	if len(lines) != 2 || lines[0] != 4 || lines[1] != 6 {
		t.Fatalf("schema diagnostics on lines %v, want [4 6]; all: %+v", lines, p.Diagnostics)
	}
	// Hover follows the document's own schema: "project" in the
	// Application (line 5) is described, the same key in the AppProject
	// (line 13) is not.
	hover := func(line int) string {
		var h *struct{ Contents struct{ Value string } }
		if err := c.call("textDocument/hover", map[string]any{"textDocument": textDoc(uri), "position": pos(line, 3)}, &h); err != nil {
			t.Fatal(err)
		}
		if h == nil {
			return ""
		}
		return h.Contents.Value
	}
	if got := hover(5); !strings.Contains(got, "Argo CD project") {
		t.Errorf("hover in the Application: %q", got)
	}
	if got := hover(13); strings.Contains(got, "Argo CD project") {
		t.Errorf("hover in the AppProject uses the Application schema: %q", got)
	}
	// Outside deploy/ the files glob does not match.
	other := fileURI(filepath.Join(dir, "other.yaml"))
	c.open(other, text)
	for _, d := range c.waitPublish(other, 1, 0).Diagnostics {
		if d.Code == "schema" {
			t.Errorf("files glob ignored: %+v", d)
		}
	}
}

// TestSchemaStoreSetting: yaml.schemaStore.enable with yaml.schemaStore.url
// associates a file through that catalog. The catalog and schema were
// cached beforehand (as --update-schemas does); the server that published
// them is down, so the language server works offline from the cache.
func TestSchemaStoreSetting(t *testing.T) {
	const catalog = "https://catalog.example.test/api/json/catalog.json"
	srv := schematest.New(t)
	srv.Put(catalog, []byte(`{"schemas": [{"name": "drone", "fileMatch": [".drone.yml"], "url": "https://catalog.example.test/drone.json"}]}`))
	srv.Put("https://catalog.example.test/drone.json", []byte(`{"type": "object", "properties": {"kind": {"enum": ["pipeline", "secret"]}}}`))
	xdg := t.TempDir()
	store := schemas.NewStore()
	store.AllowRemote, store.CacheDir, store.Client = true, filepath.Join(xdg, "yamlint", "schemas"), srv.Client
	if _, err := store.UpdateSchemaStore(catalog, nil); err != nil {
		t.Fatal(err)
	}
	srv.SetDown(true)

	dir := t.TempDir()
	uri := fileURI(filepath.Join(dir, ".drone.yml"))
	for _, enable := range []bool{false, true} {
		c := startEnv(t, []string{"XDG_CACHE_HOME=" + xdg, "HOME=" + xdg})
		c.settings = map[string]any{"yaml": map[string]any{"schemaStore": map[string]any{"enable": enable, "url": catalog}}}
		c.initialize(map[string]any{}, dir)
		c.notify("workspace/didChangeConfiguration", map[string]any{"settings": c.settings})
		c.open(uri, "kind: pipelin\n")
		p := c.waitPublish(uri, 1, 0)
		got := len(p.Diagnostics) == 1 && strings.Contains(p.Diagnostics[0].Message, `"pipelin" is not allowed`)
		if got != enable {
			t.Errorf("schemaStore.enable=%v: %+v", enable, p.Diagnostics)
		}
	}
	if _, err := os.Stat(filepath.Join(xdg, "yamlint", "schemas")); err != nil {
		t.Fatal(err)
	}
}
