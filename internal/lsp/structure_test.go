package lsp_test

import (
	"strings"
	"testing"
)

const structured = `# first comment
# second comment
base: &defaults
  image: nginx
  ports:
    - 80
    - 443
script: |
  echo one
  echo two
web:
  <<: *defaults
  name: web
---
other: *defaults
extra:
  a: 1
  b: 2
`

func TestFoldingRanges(t *testing.T) {
	c := start(t)
	c.initialize(nil, "")
	uri := "file:///tmp/yaml-lsp-test/fold.yaml"
	c.open(uri, structured)
	var folds []struct {
		StartLine int    `json:"startLine"`
		EndLine   int    `json:"endLine"`
		Kind      string `json:"kind"`
	}
	if err := c.call("textDocument/foldingRange", map[string]any{"textDocument": textDoc(uri)}, &folds); err != nil {
		t.Fatal(err)
	}
	got := map[[2]int]string{}
	for _, f := range folds {
		got[[2]int{f.StartLine, f.EndLine}] = f.Kind
	}
	want := map[[2]int]string{
		{0, 1}:   "comment", // comment block
		{2, 6}:   "",        // base mapping
		{4, 6}:   "",        // ports sequence
		{7, 9}:   "",        // block scalar
		{10, 12}: "",        // web
		{15, 17}: "",        // extra
	}
	for k, kind := range want {
		if g, ok := got[k]; !ok || g != kind {
			t.Errorf("no fold %v (kind %q); got %+v", k, kind, folds)
		}
	}
	docFold := false
	for _, f := range folds {
		if f.Kind == "region" && f.StartLine >= 13 && f.EndLine == 17 {
			docFold = true
		}
	}
	if !docFold {
		t.Errorf("no fold for the second document: %+v", folds)
	}

	// A document that does not parse still folds by indentation.
	broken := "a:\n  b: [\n  c: 1\n  d:\n    e: 2\n"
	uri2 := "file:///tmp/yaml-lsp-test/fold-broken.yaml"
	c.open(uri2, broken)
	if err := c.call("textDocument/foldingRange", map[string]any{"textDocument": textDoc(uri2)}, &folds); err != nil {
		t.Fatal(err)
	}
	if len(folds) == 0 || folds[0].StartLine != 0 || folds[0].EndLine != 4 {
		t.Errorf("broken document folds %+v, want 0-4 first", folds)
	}
}

func TestSelectionRanges(t *testing.T) {
	c := start(t)
	c.initialize(nil, "")
	uri := "file:///tmp/yaml-lsp-test/select.yaml"
	c.open(uri, structured)
	type sel struct {
		Range  lspRange `json:"range"`
		Parent *sel     `json:"parent"`
	}
	var sels []sel
	// On "nginx" (line 3).
	if err := c.call("textDocument/selectionRange", map[string]any{"textDocument": textDoc(uri), "positions": []any{pos(3, 10)}}, &sels); err != nil {
		t.Fatal(err)
	}
	if len(sels) != 1 {
		t.Fatalf("got %d selection ranges", len(sels))
	}
	lines := strings.SplitAfter(structured, "\n")
	text := func(r lspRange) string {
		var b strings.Builder
		for l := r.Start.Line; l <= r.End.Line; l++ {
			s, e := 0, len(lines[l])
			if l == r.Start.Line {
				s = r.Start.Character
			}
			if l == r.End.Line {
				e = r.End.Character
			}
			b.WriteString(lines[l][s:e])
		}
		return b.String()
	}
	var chain []string
	for s := &sels[0]; s != nil; s = s.Parent {
		chain = append(chain, text(s.Range))
	}
	if len(chain) < 5 || chain[0] != "nginx" || chain[1] != "image: nginx" ||
		!strings.Contains(chain[2], "image: nginx\n  ports:") || !strings.HasPrefix(chain[3], "base: &defaults") {
		t.Errorf("selection chain %q: want nginx → image: nginx → mapping → base: ... → document → file", chain)
	}
	if chain[len(chain)-1] != structured {
		t.Errorf("outermost selection %q is not the file", chain[len(chain)-1])
	}
}

func TestAnchorsReferencesRenameHighlight(t *testing.T) {
	c := start(t)
	c.initialize(nil, "")
	uri := "file:///tmp/yaml-lsp-test/anchors.yaml"
	text := "a: &x 1\nb: *x\nc: [*x, *y]\nd: &x 2\ne: *x\n"
	c.open(uri, text)
	var locs []struct {
		Range lspRange `json:"range"`
	}
	// From the alias on line 2: the first anchor and its aliases, not the
	// ones after the redefinition.
	if err := c.call("textDocument/references", map[string]any{"textDocument": textDoc(uri), "position": pos(1, 4),
		"context": map[string]any{"includeDeclaration": true}}, &locs); err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, l := range locs {
		got = append(got, l.Range.Start.Line)
	}
	if len(got) != 3 || got[0] != 0 || got[1] != 1 || got[2] != 2 {
		t.Errorf("references lines %v, want [0 1 2]", got)
	}
	var hl []struct {
		Range lspRange `json:"range"`
		Kind  int      `json:"kind"`
	}
	if err := c.call("textDocument/documentHighlight", map[string]any{"textDocument": textDoc(uri), "position": pos(3, 4)}, &hl); err != nil {
		t.Fatal(err)
	}
	if len(hl) != 2 || hl[0].Range.Start.Line != 3 || hl[0].Kind != 3 || hl[1].Range.Start.Line != 4 || hl[1].Kind != 2 {
		t.Errorf("highlights %+v, want the second anchor (write) and its alias (read)", hl)
	}
	var prep struct {
		Range       lspRange `json:"range"`
		Placeholder string   `json:"placeholder"`
	}
	if err := c.call("textDocument/prepareRename", map[string]any{"textDocument": textDoc(uri), "position": pos(0, 4)}, &prep); err != nil {
		t.Fatal(err)
	}
	if prep.Placeholder != "x" || prep.Range.Start.Character != 4 || prep.Range.End.Character != 5 {
		t.Errorf("prepareRename %+v", prep)
	}
	var we struct {
		Changes map[string][]textEdit `json:"changes"`
	}
	if err := c.call("textDocument/rename", map[string]any{"textDocument": textDoc(uri), "position": pos(0, 4), "newName": "base"}, &we); err != nil {
		t.Fatal(err)
	}
	renamed := applyLSPEdits(t, text, we.Changes[uri])
	if want := "a: &base 1\nb: *base\nc: [*base, *y]\nd: &x 2\ne: *x\n"; renamed != want {
		t.Errorf("rename gave %q, want %q", renamed, want)
	}
	if err := c.call("textDocument/rename", map[string]any{"textDocument": textDoc(uri), "position": pos(0, 4), "newName": "bad name"}, &we); err == nil {
		t.Errorf("rename to an invalid name accepted")
	}
}
