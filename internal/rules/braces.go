package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "braces",
		Doc:             "Control the use of flow mappings or number of spaces inside braces ({ and }).",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Options:         flowCollectionOptions(),
		Check: func(p *Pass) {
			checkFlowCollection(p, yamltok.FlowMappingStart, yamltok.FlowMappingEnd, "flow mapping", "braces")
		},
	})
}

func flowCollectionOptions() []Option {
	return []Option{
		{Name: "forbid", Default: false, Doc: "true forbids the flow collection; non-empty forbids it unless empty"},
		{Name: "min-spaces-inside", Default: 0, Doc: "minimal number of spaces required inside (-1 disables)"},
		{Name: "max-spaces-inside", Default: 0, Doc: "maximal number of spaces allowed inside (-1 disables)"},
		{Name: "min-spaces-inside-empty", Default: -1, Doc: "minimal spaces inside an empty collection (-1: min-spaces-inside)"},
		{Name: "max-spaces-inside-empty", Default: -1, Doc: "maximal spaces inside an empty collection (-1: max-spaces-inside)"},
	}
}

// checkFlowCollection is the braces and brackets rules.
func checkFlowCollection(p *Pass, open, close yamltok.Kind, what, name string) {
	d := styleOf(p)
	forbid := rawOpt(p, "forbid", false)
	minIn, maxIn := intOpt(p, "min-spaces-inside", 0), intOpt(p, "max-spaces-inside", 0)
	minEmpty, maxEmpty := intOpt(p, "min-spaces-inside-empty", -1), intOpt(p, "max-spaces-inside-empty", -1)
	if minEmpty == -1 {
		minEmpty = minIn
	}
	if maxEmpty == -1 {
		maxEmpty = maxIn
	}
	d.forTokens(func(i int, t, prev, next, _ *tok) {
		switch {
		case t.Kind == open && forbid == true:
			d.report(p, t.Start.Line+1, t.End.Column+1, 0, "forbidden "+what)
		case t.Kind == open && forbid == "non-empty" && !isKind(next, close):
			d.report(p, t.Start.Line+1, t.End.Column+1, 0, "forbidden "+what)
		case t.Kind == open && isKind(next, close):
			d.reportSpaces(p, spacesAfter(t, next, minEmpty, maxEmpty,
				"too few spaces inside empty "+name, "too many spaces inside empty "+name))
		case t.Kind == open:
			d.reportSpaces(p, spacesAfter(t, next, minIn, maxIn,
				"too few spaces inside "+name, "too many spaces inside "+name))
		case t.Kind == close && !isKind(prev, open):
			d.reportSpaces(p, d.spacesBefore(t, prev, minIn, maxIn,
				"too few spaces inside "+name, "too many spaces inside "+name))
		}
	})
}
