package fix

import (
	"bytes"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
)

func applyEdits(src []byte, edits []diag.TextEdit) []byte {
	var out bytes.Buffer
	pos := 0
	for _, e := range edits {
		out.Write(src[pos:e.Range.Start])
		out.WriteString(e.NewText)
		pos = e.Range.End
	}
	out.Write(src[pos:])
	return out.Bytes()
}

func TestLineEdits(t *testing.T) {
	cases := []struct{ old, new string }{
		{"a\nb\nc\n", "a\nb\nc\n"},
		{"a\nb  \nc\nd\ne \n", "a\nb\nc\nd\ne\n"},
		{"a\nb\n", "x\na\nb\ny\n"},
		{"a\nb\nc", "a\nc"},
		{"", "a: 1\n"},
		{"a: 1\n", ""},
		{"k:\n    - a\n    - b\nz: 1\n", "k:\n  - a\n  - b\nz: 1\n"},
	}
	for _, c := range cases {
		edits := LineEdits([]byte(c.old), []byte(c.new))
		if got := applyEdits([]byte(c.old), edits); string(got) != c.new {
			t.Errorf("LineEdits(%q, %q) = %+v applies to %q", c.old, c.new, edits, got)
		}
		if c.old == c.new && len(edits) != 0 {
			t.Errorf("equal texts gave edits %+v", edits)
		}
	}
	// Two changes far apart stay two edits, so the lines between keep
	// their place in the editor.
	if e := LineEdits([]byte("a \nb\nc\nd\ne \n"), []byte("a\nb\nc\nd\ne\n")); len(e) != 2 {
		t.Errorf("got %d edits, want 2: %+v", len(e), e)
	}
}
