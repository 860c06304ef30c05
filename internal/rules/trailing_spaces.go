package rules

import "github.com/yamlint/yamlint/internal/diag"

func init() {
	Register(&Rule{
		ID:              "trailing-spaces",
		Requires:        []*Shared{styleShared},
		Doc:             "Forbid trailing spaces at the end of lines.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkTrailingSpaces,
	})
}

func checkTrailingSpaces(p *Pass) {
	d := styleOf(p)
	src := d.src
	for _, l := range d.lines {
		if l.End == 0 {
			continue
		}
		pos := l.End
		for pos > l.Start && isPyWhitespace(src[pos-1]) {
			pos--
		}
		if pos != l.End && (src[pos] == ' ' || src[pos] == '\t') {
			var fixes []diag.Fix
			// In a block scalar's body trailing spaces are content; in
			// other scalars a line break folds them away.
			if t := d.scalarAt(pos); t == nil || (t.Style != '|' && t.Style != '>') || l.Start <= t.Start.Offset {
				fixes = append(fixes, fix("Remove trailing spaces", edit(pos, l.End, "")))
			}
			d.reportLine(p, l.No, runeCount(src[l.Start:pos])+1, l.End-pos, "trailing spaces", fixes...)
		}
	}
}

// isPyWhitespace is Python's string.whitespace.
func isPyWhitespace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
