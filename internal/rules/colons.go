package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "colons",
		Requires:        []*Shared{styleShared},
		Doc:             "Control the number of spaces before and after colons (:).",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Options:         &colonsOptions{MaxSpacesAfter: 1},
		Check:           checkColons,
	})
}

type colonsOptions struct {
	MaxSpacesBefore int `yaml:"max-spaces-before" doc:"maximal number of spaces allowed before colons (-1 disables)"`
	MaxSpacesAfter  int `yaml:"max-spaces-after" doc:"maximal number of spaces allowed after colons (-1 disables)"`
}

func checkColons(p *Pass) {
	d := styleOf(p)
	o := p.Options.(*colonsOptions)
	before, after := o.MaxSpacesBefore, o.MaxSpacesAfter
	d.forTokens(func(i int, t, prev, next, _ *tok) {
		// "*alias : v" needs the space, or the colon would be part of the alias.
		if t.Kind == yamltok.Value && !(isKind(prev, yamltok.Alias) && t.Start.Offset-prev.End.Offset == 1) {
			sp := d.spacesBefore(t, prev, -1, before, "", "too many spaces before colon")
			if sp != nil && isKind(prev, yamltok.Alias) {
				sp.want = max(sp.want, 1) // "*a:" would name the alias "a:"
			}
			d.reportSpaces(p, sp)
			d.reportSpaces(p, spacesAfter(t, next, -1, after, "", "too many spaces after colon"))
		}
		if t.Kind == yamltok.Key && d.isExplicitKey(t) {
			d.reportSpaces(p, fixOnlyBefore(spacesAfter(t, next, -1, after, "", "too many spaces after question mark"), next))
		}
	})
}
