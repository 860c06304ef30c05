package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "hyphens",
		Doc:             "Control the number of spaces after hyphens (-).",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Options:         []Option{{Name: "max-spaces-after", Default: 1, Doc: "maximal number of spaces allowed after hyphens"}},
		Check: func(p *Pass) {
			d := styleOf(p.File)
			maxAfter := intOpt(p, "max-spaces-after", 1)
			d.forTokens(func(i int, t, prev, next, _ *tok) {
				if t.Kind == yamltok.BlockEntry {
					d.reportSpaces(p, fixOnlyBefore(spacesAfter(t, next, -1, maxAfter, "", "too many spaces after hyphen"), next))
				}
			})
		},
	})
}
