package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "comments-indentation",
		Requires:        []*Shared{styleShared},
		Doc:             "Force comments to be indented like content.",
		Category:        "style",
		DefaultSeverity: diag.SeverityWarning,
		DefaultEnabled:  true,
		Check:           checkCommentsIndentation,
	})
}

func checkCommentsIndentation(p *Pass) {
	d := styleOf(p)
	for ci, c := range d.comments {
		before := d.at(c.Before)
		// Only comments on their own line.
		if before.Kind != yamltok.StreamStart && before.End.Line+1 == c.Line {
			continue
		}
		after := d.at(c.After)
		nextIndent := 0
		if after != nil && after.Kind != yamltok.StreamEnd {
			nextIndent = after.Start.Column
		}
		prevIndent := 0
		if before.Kind != yamltok.StreamStart {
			prevIndent = d.lineIndent(before)
		}
		// After a deeper block, a comment may be indented like the next line.
		if prevIndent <= nextIndent {
			prevIndent = nextIndent
		}
		// Once a comment went back to an indentation, the following ones
		// must follow it.
		if c.Prev != nil && !d.inline(c.Prev) {
			prevIndent = c.Prev.Col - 1
		}
		if c.Col-1 != prevIndent && c.Col-1 != nextIndent {
			// The comments that follow at the same column move along: they
			// are checked against this one, and would be reported one by
			// one otherwise.
			var edits []diag.TextEdit
			run := []*styleComment{c}
			for _, o := range d.comments[ci+1:] {
				if o.Prev != run[len(run)-1] || o.Col != c.Col {
					break
				}
				run = append(run, o)
			}
			for _, o := range run {
				lineStart := d.lineStartOf(o.Offset)
				if o.Offset-lineStart != o.Col-1 || !isSpaces(d.src[lineStart:o.Offset]) {
					edits = nil
					break
				}
				edits = append(edits, edit(lineStart, o.Offset, spaces(nextIndent)))
			}
			var fixes []diag.Fix
			if len(edits) > 0 {
				fixes = append(fixes, fix("Indent the comment like the content", edits...))
			}
			d.reportAt(p, c.Offset, 0, "comment not indented like content", fixes...)
		}
	}
}

func isSpaces(b []byte) bool {
	for _, c := range b {
		if c != ' ' {
			return false
		}
	}
	return true
}

func spaces(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}
