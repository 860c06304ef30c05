package lsp_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// In a config file, completion offers a rule's option names and the
// values an option accepts: the config schema's rules part is generated
// from the rules' typed option declarations.
func TestCompletionRuleOptions(t *testing.T) {
	dir := t.TempDir()
	uri := fileURI(filepath.Join(dir, ".yamlint.yaml"))
	c := start(t)
	c.initialize(nil, dir)
	c.open(uri, "rules:\n  new-lines:\n    type: \n  line-length:\n    max: 120\n    \n")
	c.waitPublish(uri, 1, 0)
	var l completionList
	if err := c.call("textDocument/completion", map[string]any{"textDocument": textDoc(uri), "position": pos(2, 10)}, &l); err != nil {
		t.Fatal(err)
	}
	if labels := strings.Join(l.labels(), ","); !strings.Contains(labels, "unix") || !strings.Contains(labels, "dos") || !strings.Contains(labels, "platform") {
		t.Errorf("completion of new-lines type = %s, want unix, dos, platform", labels)
	}
	if err := c.call("textDocument/completion", map[string]any{"textDocument": textDoc(uri), "position": pos(5, 4)}, &l); err != nil {
		t.Fatal(err)
	}
	labels := strings.Join(l.labels(), ",")
	for _, want := range []string{"allow-non-breakable-words", "allow-non-breakable-inline-mappings", "level"} {
		if !strings.Contains(labels, want) {
			t.Errorf("completion of a line-length option = %s, want %s", labels, want)
		}
	}
}
