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
