package lsp_test

import (
	"strings"
	"testing"
)

// TestPipelineHoverAndDiagnostics: a workflow opened under .github/workflows
// is recognised by the built-in catalog, its mistakes (schema and
// cross-reference rules) are published, and hover shows the schema's
// documentation.
func TestPipelineHoverAndDiagnostics(t *testing.T) {
	c := start(t)
	c.initialize(map[string]any{"textDocument": map[string]any{"hover": map[string]any{"contentFormat": []string{"markdown"}}}}, "")
	uri := "file:///tmp/yaml-lsp-test/repo/.github/workflows/ci.yml"
	c.open(uri, `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
  test:
    needs: [biuld]
    runs-on: ubuntu-latest
    steps:
      - run: go test ./...
`)
	p := c.waitPublish(uri, 1, 0)
	found := false
	for _, d := range p.Diagnostics {
		if strings.Contains(d.Message, `did you mean "build"`) {
			found = true
		}
	}
	if !found {
		t.Errorf("no needs diagnostic with a suggestion: %+v", p.Diagnostics)
	}
	var h struct {
		Contents struct{ Kind, Value string }
	}
	// "runs-on" key of job build (line 3, 0-based).
	if err := c.call("textDocument/hover", map[string]any{"textDocument": textDoc(uri), "position": pos(3, 6)}, &h); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"**Runner**", "runner label"} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("hover on runs-on = %q, want it to contain %q", h.Contents.Value, want)
		}
	}
	// "needs" key of job test: the markdown description with its example.
	if err := c.call("textDocument/hover", map[string]any{"textDocument": textDoc(uri), "position": pos(7, 5)}, &h); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.Contents.Value, "needs: [build, test]") {
		t.Errorf("hover on needs = %q, want the markdown example", h.Contents.Value)
	}
}
