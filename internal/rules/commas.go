package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "commas",
		Requires:        []*Shared{styleShared},
		Doc:             "Control the number of spaces before and after commas (,).",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Options:         &commasOptions{MinSpacesAfter: 1, MaxSpacesAfter: 1},
		Check:           checkCommas,
	})
}

type commasOptions struct {
	MaxSpacesBefore int `yaml:"max-spaces-before" doc:"maximal number of spaces allowed before commas (-1 disables)"`
	MinSpacesAfter  int `yaml:"min-spaces-after" doc:"minimal number of spaces required after commas (-1 disables)"`
	MaxSpacesAfter  int `yaml:"max-spaces-after" doc:"maximal number of spaces allowed after commas (-1 disables)"`
}

func checkCommas(p *Pass) {
	d := styleOf(p)
	o := p.Options.(*commasOptions)
	before := o.MaxSpacesBefore
	minAfter, maxAfter := o.MinSpacesAfter, o.MaxSpacesAfter
	depth := 0
	d.forTokens(func(i int, t, prev, next, _ *tok) {
		switch t.Kind {
		case yamltok.FlowSequenceStart, yamltok.FlowMappingStart:
			depth++
		case yamltok.FlowSequenceEnd, yamltok.FlowMappingEnd:
			depth = max(0, depth-1)
		}
		// Outside flow collections a comma is no separator: PyYAML makes it
		// a token all the same, but the text is not YAML (",a" cannot start
		// a plain scalar) and its spacing is no style question.
		if t.Kind != yamltok.FlowEntry || depth == 0 {
			return
		}
		if prev != nil && before != -1 && prev.End.Line < t.Start.Line {
			d.report(p, t.Start.Line+1, max(1, t.Start.Column), 0, "too many spaces before comma")
		} else {
			d.reportSpaces(p, d.spacesBefore(t, prev, -1, before, "", "too many spaces before comma"))
		}
		d.reportSpaces(p, spacesAfter(t, next, minAfter, maxAfter, "too few spaces after comma", "too many spaces after comma"))
	})
}
