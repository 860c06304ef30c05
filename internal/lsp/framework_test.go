package lsp_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// With yamlint.docsUrl set, each diagnostic links its code to its section
// of docs/rules.md.
func TestCodeDescriptionLinksDocs(t *testing.T) {
	dir := t.TempDir()
	uri := fileURI(filepath.Join(dir, "a.yaml"))
	c := start(t)
	c.initialize(nil, dir)
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{
		"yamlint": map[string]any{"docsUrl": "https://example.invalid/docs/rules.md"}}})
	c.open(uri, "a: 1   \n")
	p := c.waitPublish(uri, 1, 0)
	if len(p.Diagnostics) == 0 {
		t.Fatal("no diagnostics")
	}
	d := p.Diagnostics[0]
	if d.CodeDescription == nil || d.CodeDescription.Href != "https://example.invalid/docs/rules.md#"+d.Code {
		t.Errorf("codeDescription = %+v for code %s", d.CodeDescription, d.Code)
	}
}

// "Disable for this line" is offered for every silenceable code, such as
// a Kubernetes code, and never for a syntax error.
func TestDisableLineActionFollowsRegistry(t *testing.T) {
	dir := t.TempDir()
	uri := fileURI(filepath.Join(dir, "ing.yaml"))
	c := start(t)
	c.initialize(nil, dir)
	text := "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n"
	c.open(uri, text)
	p := c.waitPublish(uri, 1, 0)
	found := false
	for _, d := range p.Diagnostics {
		found = found || d.Code == "k8s-deprecated-api"
	}
	if !found {
		t.Fatalf("no k8s-deprecated-api in %+v", p.Diagnostics)
	}
	var actions []struct {
		Title string `json:"title"`
	}
	if err := c.call("textDocument/codeAction", map[string]any{"textDocument": textDoc(uri),
		"range": map[string]any{"start": pos(0, 0), "end": pos(0, 30)}, "context": map[string]any{"diagnostics": []any{}}}, &actions); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	if !strings.Contains(strings.Join(titles, "|"), "Disable k8s-deprecated-api for this line") {
		t.Errorf("actions %q lack the disable-line action", titles)
	}

	uri2 := fileURI(filepath.Join(dir, "bad.yaml"))
	c.open(uri2, "a: [\n")
	c.waitPublish(uri2, 1, 0)
	actions = nil
	if err := c.call("textDocument/codeAction", map[string]any{"textDocument": textDoc(uri2),
		"range": map[string]any{"start": pos(0, 0), "end": pos(1, 0)}, "context": map[string]any{"diagnostics": []any{}}}, &actions); err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		if strings.Contains(a.Title, "Disable syntax") {
			t.Errorf("offered %q", a.Title)
		}
	}
}
