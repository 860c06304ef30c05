package rules

import (
	"testing"

	"github.com/yamlint/yamlint/internal/yamltok"
)

// TestScannerMisreads: each place where PyYAML's tokens and a YAML 1.2
// reading of the text part ways is found, and ordinary flow collections
// are not flagged.
func TestScannerMisreads(t *testing.T) {
	cases := []struct {
		src  string
		want bool
	}{
		// ":" and "?" starting a plain scalar in flow context.
		{"{x: :x}\n", true},
		{"- [::vector]\n", true},
		{"- {\"key\"::value}\n", true},
		{"[?x]\n", true},
		{"{a: 1, :x}\n", true},
		{"{?: e}\n", true}, // 1.2: the plain scalar "?" as a key
		{"{!!str :x}\n", true},
		// "?" inside a plain scalar in flow context.
		{"[a?string]\n", true},
		{"[another ? string]\n", true},
		{"{key: value?}\n", true},
		{"{key?: value}\n", true},
		{"[a\n ? b]\n", true},
		// A tag running into a flow indicator.
		{"{\n  foo : !!str,\n  !!str : bar,\n}\n", true},
		{"[!!str]\n", true},
		// "-" before a flow indicator.
		{"[-]\n", true},
		{"- [-, -]\n", true},
		// Flow tokens outside flow collections.
		{",00", true},
		{" - 0\n - ,0", true},
		{"a: ]\n", true},
		// "?" ending its line (the data parser reads a plain scalar).
		{"?\n- A", true},
		{"- ?\n", true},
		{"[a, ?\n]\n", true},
		// Read alike.
		{"key: value\nlist: [a, b, {c: d}]\n", false},
		{"{\"key\":value}\n", false},
		{"[\"a\":b, [x]:y, {p: q}:z]\n", false},
		{"{a: b, ? c : d, : f}\n", false},
		{"[a:b, -x, a-, \"?\", '?x']\n", false},
		{"? a\n: b\n", false},
		{"a: ?x\nb: :y\nc: -\n", false},
		{"a, b: c?d\n", false}, // plain scalars in block context keep "," and "?"
		{"{a: !!str b, c: !local d}\n", false},
		{"[?, ? a, ? b : c]\n", false},
	}
	for _, c := range cases {
		toks, _ := yamltok.Scan([]byte(c.src))
		if got := scannerMisreads([]byte(c.src), toks); got != c.want {
			t.Errorf("scannerMisreads(%q) = %v, want %v", c.src, got, c.want)
		}
	}
}

// TestNoFixes: fixes are dropped where the tokens are misread or form no
// documents, not after a scanner error (the lines before it are fixed).
func TestNoFixes(t *testing.T) {
	for src, want := range map[string]bool{
		"a: 1\nb: [x, y]\n":   false,
		"{x: :x}\n":           true,
		"{\"\" :A: }":         true, // two pairs without a comma
		"[a, , b]\n":          true,
		"[a, {b: c}, [d],]\n": false,
		"!000 ! !00":          true, // three tags on one node
		"&a !t x\n":           false,
		">\n  \n 0\n":         true, // two root nodes to PyYAML
		"a\n---\nb\n":         false,
		"a: x\t\nb: |\n  y\n": false, // scanner error at the tab
		// Valid streams the tree check once refused: an empty node with a
		// tag, an indentless sequence as an explicit key.
		"- !!str\n-\n  !!null : a\n":  false,
		"? \n- a\n- b\n:\n- c\n":      false,
		"? &a\n- a\n: b\n*a :\n- c\n": false,
	} {
		if got := buildStyle([]byte(src)).noFixes(); got != want {
			t.Errorf("noFixes(%q) = %v, want %v", src, got, want)
		}
	}
}
