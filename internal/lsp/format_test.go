package lsp_test

import (
	"strings"
	"testing"
)

type textEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

// applyLSPEdits applies edits (UTF-16 positions; the tests use ASCII) to text.
func applyLSPEdits(t *testing.T, text string, edits []textEdit) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	off := func(p lspPos) int {
		n := 0
		for i := 0; i < p.Line && i < len(lines); i++ {
			n += len(lines[i])
		}
		return n + p.Character
	}
	// Apply from the end so earlier offsets stay valid.
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		s, en := off(e.Range.Start), off(e.Range.End)
		text = text[:s] + e.NewText + text[en:]
	}
	return text
}

const unformatted = "# settings\nserver:\n    port:   8080   \n    hosts: [ a,b ]\n    name: \"web\"\n\n\n\nlist:\n    -   one\n    - 'two'\n"

func TestFormatting(t *testing.T) {
	c := start(t)
	caps := c.initialize(nil, "")["capabilities"].(map[string]any)
	for _, k := range []string{"documentFormattingProvider", "documentRangeFormattingProvider", "documentOnTypeFormattingProvider"} {
		if caps[k] == nil {
			t.Errorf("capability %s missing", k)
		}
	}
	uri := "file:///tmp/yaml-lsp-test/format.yaml"
	c.open(uri, unformatted)
	var edits []textEdit
	if err := c.call("textDocument/formatting", map[string]any{"textDocument": textDoc(uri), "options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &edits); err != nil {
		t.Fatal(err)
	}
	got := applyLSPEdits(t, unformatted, edits)
	// The default configuration's empty-lines allows two blank lines: the
	// configured rule wins over the formatter's one.
	want := "# settings\nserver:\n  port: 8080\n  hosts: [ a, b ]\n  name: \"web\"\n\n\nlist:\n  - one\n  - \"two\"\n"
	if got != want {
		t.Errorf("formatted:\n%s\nwant:\n%s", got, want)
	}

	// The yaml.format settings: single quotes, no bracket spacing, 4 spaces.
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"yaml": map[string]any{
		"format": map[string]any{"singleQuote": true, "bracketSpacing": false, "indentation": 4}}}})
	if err := c.call("textDocument/formatting", map[string]any{"textDocument": textDoc(uri), "options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &edits); err != nil {
		t.Fatal(err)
	}
	got = applyLSPEdits(t, unformatted, edits)
	want = "# settings\nserver:\n    port: 8080\n    hosts: [a, b]\n    name: 'web'\n\n\nlist:\n    - one\n    - 'two'\n"
	if got != want {
		t.Errorf("formatted with settings:\n%s\nwant:\n%s", got, want)
	}

	// proseWrap: always wraps a long plain scalar at printWidth; the data
	// is the same.
	long := "description: " + strings.Repeat("lorem ipsum ", 10) + "end\n"
	uri2 := "file:///tmp/yaml-lsp-test/prose.yaml"
	c.open(uri2, long)
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"yaml": map[string]any{
		"format": map[string]any{"proseWrap": "always", "printWidth": 40, "indentation": 2}}}})
	if err := c.call("textDocument/formatting", map[string]any{"textDocument": textDoc(uri2), "options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &edits); err != nil {
		t.Fatal(err)
	}
	got = applyLSPEdits(t, long, edits)
	for i, l := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if len(l) > 40 {
			t.Errorf("line %d longer than printWidth 40: %q", i+1, l)
		}
		if i > 0 && !strings.HasPrefix(l, "  lorem") && !strings.HasPrefix(l, "  ipsum") && !strings.HasPrefix(l, "  end") {
			t.Errorf("continuation line %q not indented under the key", l)
		}
	}

	// Range formatting touches only the lines of the range.
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"yaml": map[string]any{
		"format": map[string]any{"singleQuote": false, "bracketSpacing": true, "proseWrap": "preserve", "indentation": 0}}}})
	if err := c.call("textDocument/rangeFormatting", map[string]any{"textDocument": textDoc(uri),
		"range":   map[string]any{"start": pos(2, 0), "end": pos(2, 5)},
		"options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &edits); err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		if e.Range.Start.Line > 2 || e.Range.End.Line < 2 {
			t.Errorf("range formatting of line 3 edits %+v", e.Range)
		}
	}
	if len(edits) == 0 {
		t.Errorf("range formatting of line 3 (trailing spaces) gave no edit")
	}

	// A file with a syntax error is left alone.
	uri3 := "file:///tmp/yaml-lsp-test/broken.yaml"
	c.open(uri3, "a: [1,\n")
	if err := c.call("textDocument/formatting", map[string]any{"textDocument": textDoc(uri3), "options": map[string]any{"tabSize": 2}}, &edits); err != nil {
		t.Fatal(err)
	}
	if len(edits) != 0 {
		t.Errorf("broken file formatted: %+v", edits)
	}
}

func TestOnTypeFormatting(t *testing.T) {
	c := start(t)
	c.initialize(nil, "")
	cases := []struct {
		text       string
		line       int
		wantIndent string
	}{
		{"spec:\n\n", 1, "  "},
		{"spec:\n  containers:  \n\n", 2, "    "},
		{"items:\n  - one\n\n", 2, "  - "},
		{"items:\n  - name: a\n\n", 2, "    "},
		{"items:\n  - name:\n\n", 2, "      "},
		{"key: value\n\n", 1, ""},
	}
	for i, tc := range cases {
		uri := "file:///tmp/yaml-lsp-test/ontype" + string(rune('a'+i)) + ".yaml"
		c.open(uri, tc.text)
		var edits []textEdit
		if err := c.call("textDocument/onTypeFormatting", map[string]any{"textDocument": textDoc(uri), "position": pos(tc.line, 0), "ch": "\n",
			"options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &edits); err != nil {
			t.Fatal(err)
		}
		got := applyLSPEdits(t, tc.text, edits)
		line := strings.Split(got, "\n")[tc.line]
		if line != tc.wantIndent {
			t.Errorf("%q: new line %q, want %q (edits %+v)", tc.text, line, tc.wantIndent, edits)
		}
		if strings.Contains(got, ":  \n") {
			t.Errorf("%q: trailing spaces left on the previous line: %q", tc.text, got)
		}
	}
}

func TestFixAllCodeAction(t *testing.T) {
	c := start(t)
	c.initialize(nil, "")
	uri := "file:///tmp/yaml-lsp-test/fixall.yaml"
	text := "a: 1   \nb:    [1,2]\n#comment\n"
	c.open(uri, text)
	c.waitPublish(uri, 1, 0)
	var actions []struct {
		Title string `json:"title"`
		Kind  string `json:"kind"`
		Edit  struct {
			Changes map[string][]textEdit `json:"changes"`
		} `json:"edit"`
	}
	if err := c.call("textDocument/codeAction", map[string]any{"textDocument": textDoc(uri),
		"range": map[string]any{"start": pos(0, 0), "end": pos(0, 0)}, "context": map[string]any{"diagnostics": []any{}, "only": []string{"source.fixAll"}}}, &actions); err != nil {
		t.Fatal(err)
	}
	if len(actions) != 1 || actions[0].Kind != "source.fixAll.yamlint" {
		t.Fatalf("only source.fixAll: %+v, want one source.fixAll.yamlint action", actions)
	}
	got := applyLSPEdits(t, text, actions[0].Edit.Changes[uri])
	if want := "a: 1\nb: [1, 2]\n# comment\n"; got != want {
		t.Errorf("fix all gave %q, want %q", got, want)
	}
	// Asking for quick fixes only leaves the source action out.
	if err := c.call("textDocument/codeAction", map[string]any{"textDocument": textDoc(uri),
		"range": map[string]any{"start": pos(0, 0), "end": pos(0, 7)}, "context": map[string]any{"diagnostics": []any{}, "only": []string{"quickfix"}}}, &actions); err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		if a.Kind != "quickfix" {
			t.Errorf("only quickfix gave %s %q", a.Kind, a.Title)
		}
	}
}
