package rules

import (
	"strings"
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

// Text-only shared work started early (Prefetch) is the value the passes
// then get, computed once; a panic there becomes the rule's internal
// finding, as a panic in the pass would; an undeclared request panics.
func TestPrefetch(t *testing.T) {
	f := yamlfile.Parse("a.yaml", []byte("a: 1\n"), yamlfile.Options{})
	calls, released := 0, 0
	counted := &Shared{Name: "counted", Text: func(src []byte) any { calls++; return string(src) },
		Release: func(v any) {
			if v.(string) == "a: 1\n" {
				released++
			}
		}}
	boom := &Shared{Name: "boom", Text: func([]byte) any { panic("boom") }}
	uses := &Rule{ID: "uses-counted", Requires: []*Shared{counted}, Check: func(p *Pass) {
		if p.Result(counted).(string) != "a: 1\n" {
			p.Report(diag.Diagnostic{Message: "wrong value"})
		}
	}}
	explodes := &Rule{ID: "uses-boom", Requires: []*Shared{boom}, Check: func(p *Pass) { p.Result(boom) }}
	undeclared := &Rule{ID: "undeclared", Check: func(p *Pass) { p.Result(counted) }}
	l := NewLint(nil)
	l.Prefetch(f.Src, []*Rule{uses, uses, explodes})
	var got []diag.Diagnostic
	report := func(d diag.Diagnostic) { got = append(got, d) }
	for _, r := range []*Rule{uses, uses, explodes, undeclared} {
		Run(l.NewPass(r, f, nil, nil, diag.SeverityWarning, report))
	}
	if calls != 1 {
		t.Errorf("prefetched work computed %d times, want 1", calls)
	}
	l.Release()
	if released != 1 {
		t.Errorf("released %d times, want 1", released)
	}
	if len(got) != 2 || !strings.Contains(got[0].Message, "rule uses-boom failed: boom") ||
		!strings.Contains(got[1].Message, `rule undeclared uses "counted" without declaring it in Requires`) {
		t.Errorf("findings %+v", got)
	}
}
