package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "document-start",
		Requires:        []*Shared{styleShared},
		Doc:             "Require or forbid the use of document start marker (---).",
		Category:        "style",
		DefaultSeverity: diag.SeverityWarning,
		// Off by default, unlike yamllint: most infra YAML (Compose,
		// workflows, Helm values, single manifests) has no "---", so it
		// would flag nearly every file. yamllint-style configs turn it on.
		DefaultEnabled: false,
		Options:        &documentMarkerOptions{Present: true},
		Check:          checkDocumentStart,
	})
}

func checkDocumentStart(p *Pass) {
	d := styleOf(p)
	present := p.Options.(*documentMarkerOptions).Present
	d.forTokens(func(i int, t, prev, next, _ *tok) {
		if present {
			if isKind(prev, yamltok.StreamStart, yamltok.DocumentEnd, yamltok.Directive) &&
				!isKind(t, yamltok.DocumentStart, yamltok.Directive, yamltok.StreamEnd) {
				// The marker goes first in the document (before its leading
				// comments), on its own line.
				var fixes []diag.Fix
				// Before a "..." that ends no document, a marker would open an
				// empty document: no fix then (found by FuzzFix: "...\n-").
				if t.Kind != yamltok.DocumentEnd {
					switch prev.Kind {
					case yamltok.StreamStart:
						at := 0
						if hasAt(d.src, 0, "\uFEFF") {
							at = 3
						}
						fixes = append(fixes, fix(`Add "---"`, edit(at, at, "---\n")))
					case yamltok.DocumentEnd:
						if l := d.lineOf(prev.Start.Offset); l.End < len(d.src) {
							at := l.End + 1
							if d.src[l.End] == '\r' {
								at++
							}
							fixes = append(fixes, fix(`Add "---"`, edit(at, at, "---\n")))
						}
					}
				}
				d.report(p, t.Start.Line+1, 1, 0, `missing document start "---"`, fixes...)
			}
		} else if t.Kind == yamltok.DocumentStart {
			var fixes []diag.Fix
			// Only a marker alone on the first line can go without changing
			// the documents (a later one separates documents).
			if prev.Kind == yamltok.StreamStart && (next == nil || next.Start.Line > t.Start.Line) {
				end := t.End.Offset
				if end < len(d.src) && d.src[end] == '\n' {
					end++
				} else if hasAt(d.src, end, "\r\n") {
					end += 2
				}
				fixes = append(fixes, fix(`Remove "---"`, edit(t.Start.Offset, end, "")))
			}
			d.report(p, t.Start.Line+1, t.Start.Column+1, 3, `found forbidden document start "---"`, fixes...)
		}
	})
}
