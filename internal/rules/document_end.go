package rules

import (
	"bytes"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "document-end",
		Requires:        []*Shared{styleShared},
		Doc:             "Require or forbid the use of document end marker (...).",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  false,
		Options:         &documentMarkerOptions{Present: true},
		Check:           checkDocumentEnd,
	})
}

// documentMarkerOptions are document-start's and document-end's.
type documentMarkerOptions struct {
	Present bool `yaml:"present" doc:"true requires the marker, false forbids it"`
}

func checkDocumentEnd(p *Pass) {
	d := styleOf(p)
	present := p.Options.(*documentMarkerOptions).Present
	// The data parser (goccy's scanner) fails on a document that holds a
	// tab in a double-quoted scalar and ends with "...": no marker is
	// added to such a file.
	canAdd := present && !d.tabInDoubleQuoted()
	d.forTokens(func(i int, t, prev, next, _ *tok) {
		if present {
			prevEnds := isKind(prev, yamltok.DocumentEnd, yamltok.StreamStart)
			var fixes []diag.Fix
			switch {
			case t.Kind == yamltok.StreamEnd && !prevEnds:
				// Reported on the last line; the fix appends the marker.
				if n := len(d.src); n > 0 && d.src[n-1] != '\n' {
					if canAdd && !d.finalBreakChangesData() {
						fixes = append(fixes, fix(`Add "..."`, edit(n, n, "\n...\n")))
					}
				} else if canAdd {
					fixes = append(fixes, fix(`Add "..."`, edit(n, n, "...\n")))
				}
				d.report(p, t.Start.Line, 1, 0, `missing document end "..."`, fixes...)
			case t.Kind == yamltok.DocumentStart && !prevEnds && !isKind(prev, yamltok.Directive):
				if at := t.Start.Offset; canAdd {
					fixes = append(fixes, fix(`Add "..."`, edit(at, at, "...\n")))
				}
				d.report(p, t.Start.Line+1, 1, 0, `missing document end "..."`, fixes...)
			}
		} else if t.Kind == yamltok.DocumentEnd {
			var fixes []diag.Fix
			// The marker can go when a "---" or the end of the file follows
			// (before a directive it is required), if it is alone on its line.
			l := d.lineOf(t.Start.Offset)
			if isKind(next, yamltok.DocumentStart, yamltok.StreamEnd) && l.Start == t.Start.Offset && l.End == t.End.Offset {
				end := l.End
				if end < len(d.src) && d.src[end] == '\r' {
					end++
				}
				if end < len(d.src) && d.src[end] == '\n' {
					end++
				}
				fixes = append(fixes, fix(`Remove "..."`, edit(l.Start, end, "")))
			}
			d.report(p, t.Start.Line+1, t.Start.Column+1, 3, `found forbidden document end "..."`, fixes...)
		}
	})
}

// tabInDoubleQuoted reports whether a double-quoted scalar of the file
// holds a tab as written (not as the escape \t).
func (d *styleData) tabInDoubleQuoted() bool {
	for i := range d.toks {
		t := &d.toks[i]
		if t.Kind == yamltok.Scalar && t.Style == '"' && bytes.IndexByte(d.src[t.Start.Offset:t.End.Offset], '\t') >= 0 {
			return true
		}
	}
	return false
}
