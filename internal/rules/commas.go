package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "commas",
		Doc:             "Control the number of spaces before and after commas (,).",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Options: []Option{
			{Name: "max-spaces-before", Default: 0, Doc: "maximal number of spaces allowed before commas (-1 disables)"},
			{Name: "min-spaces-after", Default: 1, Doc: "minimal number of spaces required after commas (-1 disables)"},
			{Name: "max-spaces-after", Default: 1, Doc: "maximal number of spaces allowed after commas (-1 disables)"},
		},
		Check: checkCommas,
	})
}

func checkCommas(p *Pass) {
	d := styleOf(p)
	before := intOpt(p, "max-spaces-before", 0)
	minAfter, maxAfter := intOpt(p, "min-spaces-after", 1), intOpt(p, "max-spaces-after", 1)
	d.forTokens(func(i int, t, prev, next, _ *tok) {
		if t.Kind != yamltok.FlowEntry {
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
