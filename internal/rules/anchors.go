package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "anchors",
		Requires:        []*Shared{styleShared},
		Doc:             "Report duplicated anchors and aliases referencing undeclared anchors.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		// Off by default: the parser already reports aliases to undeclared
		// anchors; yamllint-style configs turn it on.
		DefaultEnabled: false,
		Options:        &anchorsOptions{ForbidUndeclaredAliases: true},
		Check:          checkAnchors,
	})
}

type anchorsOptions struct {
	ForbidUndeclaredAliases bool `yaml:"forbid-undeclared-aliases" doc:"forbid aliases of anchors not declared before"`
	ForbidDuplicatedAnchors bool `yaml:"forbid-duplicated-anchors" doc:"forbid declaring an anchor name twice"`
	ForbidUnusedAnchors     bool `yaml:"forbid-unused-anchors" doc:"forbid anchors that no alias uses"`
}

type anchorInfo struct {
	name string
	tok  *tok
	used bool
}

func checkAnchors(p *Pass) {
	d := styleOf(p)
	o := p.Options.(*anchorsOptions)
	undeclared, duplicated, unused := o.ForbidUndeclaredAliases, o.ForbidDuplicatedAnchors, o.ForbidUnusedAnchors
	if !undeclared && !duplicated && !unused {
		return
	}
	var anchors []*anchorInfo // in declaration order, for stable reports
	byName := map[string]*anchorInfo{}
	d.forTokens(func(i int, t, prev, next, _ *tok) {
		if isKind(t, yamltok.StreamStart, yamltok.DocumentStart, yamltok.DocumentEnd) {
			anchors, byName = nil, map[string]*anchorInfo{}
		}
		if undeclared && t.Kind == yamltok.Alias && byName[t.Value] == nil {
			d.report(p, t.Start.Line+1, t.Start.Column+1, t.End.Offset-t.Start.Offset, `found undeclared alias "`+t.Value+`"`)
		}
		if duplicated && t.Kind == yamltok.Anchor && byName[t.Value] != nil {
			d.report(p, t.Start.Line+1, t.Start.Column+1, t.End.Offset-t.Start.Offset, `found duplicated anchor "`+t.Value+`"`)
		}
		if unused && isKind(next, yamltok.StreamEnd, yamltok.DocumentStart, yamltok.DocumentEnd) {
			for _, a := range anchors {
				if !a.used && byName[a.name] == a {
					d.report(p, a.tok.Start.Line+1, a.tok.Start.Column+1, a.tok.End.Offset-a.tok.Start.Offset, `found unused anchor "`+a.name+`"`)
				}
			}
		}
		switch t.Kind {
		case yamltok.Anchor:
			a := &anchorInfo{name: t.Value, tok: t}
			anchors = append(anchors, a)
			byName[t.Value] = a
		case yamltok.Alias:
			if a := byName[t.Value]; a != nil {
				a.used = true
			}
		}
	})
}
