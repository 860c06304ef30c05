package rules

import (
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Shared work is computed once per lint and never outlives it: two rules
// of one lint see the same token data, another lint computes its own.
func TestSharedWorkPerLint(t *testing.T) {
	f := yamlfile.Parse("a.yaml", []byte("a: 1\n"), yamlfile.Options{})
	r := Lookup("trailing-spaces")
	l := NewLint(nil)
	nop := func(diag.Diagnostic) {}
	p1 := l.NewPass(r, f, nil, nil, 0, nop)
	p2 := l.NewPass(Lookup("colons"), f, nil, nil, 0, nop)
	if styleOf(p1) != styleOf(p2) {
		t.Error("two passes of one lint computed the style data twice")
	}
	other := NewLint(nil).NewPass(r, f, nil, nil, 0, nop)
	if styleOf(other) == styleOf(p1) {
		t.Error("a second lint reused the first lint's data")
	}
}
