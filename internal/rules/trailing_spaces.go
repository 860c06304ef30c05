package rules

import (
	"bytes"
	"sort"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

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
			// other scalars a line break folds them away, but for one
			// escaped with a backslash in a double-quoted scalar ("a\<tab>"
			// holds a tab): that one is written as an escape sequence.
			t := d.scalarAt(pos)
			switch {
			case t != nil && (t.Style == '|' || t.Style == '>') && l.Start > t.Start.Offset:
			case bytes.ContainsAny(src[pos:l.End], "\v\f"):
				// Python counts a vertical tab or form feed as trailing
				// white space, YAML as content ("0 \v" is a string, "0" a
				// number): reported, not removed (found by FuzzFix).
			case d.tagEndsAt(pos):
				// The data parser reads "!!str " at the end of the text as
				// an empty string, "!!str" as null (found by FuzzFix).
			case (t == nil || t.Plain) && loneQuestionMark(src, l.Start, pos):
				// The data parser (goccy's scanner) reads a "?" ending its
				// line as the string "?", and "? " as the key indicator:
				// removing the space would change the data it reads.
			case t != nil && t.Style == '"' && escapedAt(src, t.Start.Offset, pos):
				esc := `\t`
				if src[pos] == ' ' {
					esc = `\x20`
				}
				fixes = append(fixes, fix("Write the escaped white space as "+esc+" and remove trailing spaces", edit(pos-1, l.End, esc)))
			default:
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

// escapedAt reports whether the character at pos, inside a double-quoted
// scalar starting at start, follows an odd number of backslashes (is
// escaped).
func escapedAt(src []byte, start, pos int) bool {
	n := 0
	for j := pos - 1; j > start && src[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// loneQuestionMark reports whether the text of a line (from start) ends at
// pos with a "?" standing alone: at the line's start or after white space
// or a flow indicator.
func loneQuestionMark(src []byte, start, pos int) bool {
	if pos <= start || src[pos-1] != '?' {
		return false
	}
	if pos-1 == start {
		return true
	}
	switch src[pos-2] {
	case ' ', '\t', '[', '{', ',':
		return true
	}
	return false
}

// tagEndsAt reports whether a tag token ends at offset off.
func (d *styleData) tagEndsAt(off int) bool {
	i := sort.Search(len(d.toks), func(i int) bool { return d.toks[i].Start.Offset >= off })
	return i > 0 && d.toks[i-1].Kind == yamltok.Tag && d.toks[i-1].End.Offset == off
}
