package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "braces",
		Requires:        []*Shared{styleShared},
		Doc:             "Control the use of flow mappings or number of spaces inside braces ({ and }).",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Options:         defaultFlowCollectionOptions(),
		Check: func(p *Pass) {
			checkFlowCollection(p, yamltok.FlowMappingStart, yamltok.FlowMappingEnd, "flow mapping", "braces")
		},
	})
}

// flowCollectionOptions are braces' and brackets' options.
type flowCollectionOptions struct {
	Forbid               BoolOrKeyword `yaml:"forbid" enum:"non-empty" doc:"true forbids the flow collection; non-empty forbids it unless empty"`
	MinSpacesInside      int           `yaml:"min-spaces-inside" doc:"minimal number of spaces required inside (-1 disables)"`
	MaxSpacesInside      int           `yaml:"max-spaces-inside" doc:"maximal number of spaces allowed inside (-1 disables)"`
	MinSpacesInsideEmpty int           `yaml:"min-spaces-inside-empty" doc:"minimal spaces inside an empty collection (-1: min-spaces-inside)"`
	MaxSpacesInsideEmpty int           `yaml:"max-spaces-inside-empty" doc:"maximal spaces inside an empty collection (-1: max-spaces-inside)"`
}

func defaultFlowCollectionOptions() *flowCollectionOptions {
	return &flowCollectionOptions{MinSpacesInsideEmpty: -1, MaxSpacesInsideEmpty: -1}
}

// checkFlowCollection is the braces and brackets rules.
func checkFlowCollection(p *Pass, open, close yamltok.Kind, what, name string) {
	d := styleOf(p)
	o := p.Options.(*flowCollectionOptions)
	forbid := o.Forbid.Value()
	minIn, maxIn := o.MinSpacesInside, o.MaxSpacesInside
	minEmpty, maxEmpty := o.MinSpacesInsideEmpty, o.MaxSpacesInsideEmpty
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
