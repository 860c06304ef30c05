package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "hyphens",
		Requires:        []*Shared{styleShared},
		Doc:             "Control the number of spaces after hyphens (-).",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Options:         &hyphensOptions{MaxSpacesAfter: 1},
		Check: func(p *Pass) {
			d := styleOf(p)
			maxAfter := p.Options.(*hyphensOptions).MaxSpacesAfter
			blockFixes := 0
			d.forTokens(func(i int, t, prev, next, _ *tok) {
				if t.Kind != yamltok.BlockEntry {
					return
				}
				sp := fixOnlyBefore(spacesAfter(t, next, -1, maxAfter, "", "too many spaces after hyphen"), next)
				if sp != nil && sp.noFix && blockFixes < 8 && p.WantsFixes() {
					// A block item ("-   a: 1" with "    b: 2" below) moves
					// left as a whole; checked by scanning the result.
					blockFixes++
					if edits := d.shiftItemEdits(next, sp); edits != nil {
						d.reportSpacesWith(p, sp, fix("Remove extra spaces", edits...))
						return
					}
				}
				d.reportSpaces(p, sp)
			})
		},
	})
}

type hyphensOptions struct {
	MaxSpacesAfter int `yaml:"max-spaces-after" doc:"maximal number of spaces allowed after hyphens"`
}

// shiftItemEdits removes the extra spaces before an item's content and
// moves the content's following lines left by as much, if the result scans
// to the same structure.
func (d *styleData) shiftItemEdits(content *tok, sp *spaceProblem) []diag.TextEdit {
	if sp.to-sp.from <= sp.want || !isSpaces(d.src[sp.from:sp.to]) {
		return nil
	}
	delta := sp.to - sp.from - sp.want
	s := &indentState{d: d}
	first, last, ok := s.blockLines(content, content.Start.Column)
	if !ok {
		// blockLines wants the token first on its line; measure from the
		// content's column instead.
		first, last = content.Start.Line, content.Start.Line
		for i := first + 1; i < len(d.lines); i++ {
			l := d.lines[i]
			n := 0
			for l.Start+n < l.End && d.src[l.Start+n] == ' ' {
				n++
			}
			if l.Start+n == l.End || d.src[l.Start+n] == '#' {
				continue
			}
			if n < content.Start.Column {
				break
			}
			last = i
		}
	}
	edits := []diag.TextEdit{edit(sp.from+sp.want, sp.to, "")}
	if last > first {
		deltas := make([]int, last-first)
		for k := range deltas {
			deltas[k] = -delta
		}
		more, ok := s.shiftEdits(first+1, deltas)
		if !ok {
			return nil
		}
		edits = append(edits, more...)
	}
	if !d.sameTokens(applyEdits(d.src, edits)) {
		return nil
	}
	return edits
}
