package lsp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// House rules of the workspace's .yamlint.yaml run as you type; hovering a
// finding shows the rule's description.
func TestHouseRulesLive(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	cfg := "house-rules:\n  - id: no-latest-image\n    description: Images are pinned to a version\n    target: container\n    field: image\n" +
		"    assert: \"!self.image.endsWith(':latest')\"\n    messageExpression: \"'image ' + self.image + ' is not pinned'\"\n"
	if err := os.WriteFile(filepath.Join(dir, ".yamlint.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	uri := fileURI(filepath.Join(dir, "pod.yaml"))
	c := start(t)
	c.initialize(map[string]any{"textDocument": map[string]any{"hover": map[string]any{"contentFormat": []string{"markdown"}}}}, dir)
	pod := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: nginx:1.27\n"
	c.open(uri, pod)
	if p := c.waitPublish(uri, 1, 0); len(p.Diagnostics) != 0 {
		t.Fatalf("pinned image: %+v", p.Diagnostics)
	}
	// Typing the tag away: the finding appears at the image value.
	n := c.publishCount()
	c.change(uri, 2, map[string]any{"range": map[string]any{"start": pos(7, 19), "end": pos(7, 23)}, "text": "latest"})
	p := c.waitPublish(uri, 2, n)
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != "no-latest-image" || p.Diagnostics[0].Range.Start.Line != 7 || p.Diagnostics[0].Range.Start.Character != 13 {
		t.Fatalf("after the edit: %+v", p.Diagnostics)
	}
	var h struct {
		Contents struct{ Kind, Value string }
	}
	if err := c.call("textDocument/hover", map[string]any{"textDocument": textDoc(uri), "position": pos(7, 16)}, &h); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.Contents.Value, "**no-latest-image**: Images are pinned to a version") {
		t.Errorf("hover on the finding = %q", h.Contents.Value)
	}
}
