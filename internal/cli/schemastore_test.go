package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/schemas/schematest"
)

// TestUpdateSchemasThenOffline: --update-schemas fills the cache from the
// catalog; then --allow-remote associates mkdocs.yml through SchemaStore's
// catalog with the server down (offline from the cache); without
// --allow-remote the file gets no schema.
func TestUpdateSchemasThenOffline(t *testing.T) {
	const catalog = "https://www.schemastore.org/api/json/catalog.json"
	srv := schematest.New(t)
	srv.Put(catalog, []byte(`{"schemas": [
		{"name": "mkdocs", "fileMatch": ["mkdocs.yml"], "url": "https://www.schemastore.org/mkdocs-1.6.json"},
		{"name": "missing", "fileMatch": ["gone.yaml"], "url": "https://www.schemastore.org/gone.json"},
		{"name": "json", "fileMatch": ["*.json"], "url": "https://www.schemastore.org/json.json"}]}`))
	srv.Put("https://www.schemastore.org/mkdocs-1.6.json", []byte(`{"type": "object", "required": ["site_name"]}`))
	httpClient = srv.Client
	t.Cleanup(func() { httpClient = nil })
	cache := t.TempDir()

	code, out, errOut := runCLI(t, "", "--update-schemas", "--cache-dir", cache)
	if code != ExitProblems || !strings.Contains(out, "1 of 2 schemas") || !strings.Contains(errOut, "gone.json") {
		t.Fatalf("update: exit %d\n%s%s", code, out, errOut)
	}
	srv.SetDown(true)

	dir := t.TempDir()
	file := filepath.Join(dir, "mkdocs.yml")
	if err := os.WriteFile(file, []byte("nav: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join("testdata", "empty-config.yaml")
	code, out, errOut = runCLI(t, "", "--no-color", "--config", cfg, "--cache-dir", cache, "--allow-remote", file)
	if code != ExitProblems || !strings.Contains(out, `missing required property "site_name"`) {
		t.Fatalf("--allow-remote from cache: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "", "--no-color", "--config", cfg, "--cache-dir", cache, file)
	if code != ExitOK {
		t.Fatalf("without --allow-remote: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "", "--no-color", "--config", cfg, "--cache-dir", cache, "--allow-remote", "--schemastore=false", file)
	if code != ExitOK {
		t.Fatalf("--schemastore=false: exit %d\n%s%s", code, out, errOut)
	}
}

// A repository's refs: may not reach outside the repository; the user's
// --ref may.
func TestRepositoryRefsConfined(t *testing.T) {
	repo := t.TempDir()
	outside := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	schema := filepath.Join(outside, "defs.json")
	if err := os.WriteFile(schema, []byte(`{"$id": "https://schemas.example.invalid/defs.json"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(repo, ".yamlint.yaml")
	if err := os.WriteFile(cfg, []byte("refs: ["+schema+"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(repo, "a.yaml")
	if err := os.WriteFile(file, []byte("a: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "--no-color", "--config", cfg, file)
	if code != ExitFailure || !strings.Contains(errOut, "refs:") {
		t.Fatalf("refs outside the repository: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "", "--no-color", "--config", filepath.Join("testdata", "empty-config.yaml"), "--ref", schema, file)
	if code != ExitOK {
		t.Fatalf("--ref outside the repository: exit %d\n%s%s", code, out, errOut)
	}
}
