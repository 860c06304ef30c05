package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "comments-indentation",
		Doc:             "Force comments to be indented like content.",
		Category:        "style",
		DefaultSeverity: diag.SeverityWarning,
		DefaultEnabled:  true,
		Check:           checkCommentsIndentation,
	})
}

func checkCommentsIndentation(p *Pass) {
	d := styleOf(p.File)
	for _, c := range d.comments {
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
			lineStart := d.lineStartOf(c.Offset)
			var fixes []diag.Fix
			if c.Offset-lineStart == c.Col-1 && isSpaces(d.src[lineStart:c.Offset]) {
				fixes = append(fixes, fix("Indent the comment like the content",
					edit(lineStart, c.Offset, spaces(nextIndent))))
			}
			d.report(p, c.Line, c.Col, 0, "comment not indented like content", fixes...)
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
