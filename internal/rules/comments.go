package rules

import (
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
)

func init() {
	Register(&Rule{
		ID:              "comments",
		Doc:             "Control the position and formatting of comments.",
		Category:        "style",
		DefaultSeverity: diag.SeverityWarning,
		DefaultEnabled:  true,
		Options: []Option{
			{Name: "require-starting-space", Default: true, Doc: "require a space character right after the #"},
			{Name: "ignore-shebangs", Default: true, Doc: "ignore a shebang (#!...) at the beginning of the file"},
			{Name: "min-spaces-from-content", Default: 2, Doc: "minimal spaces between a comment and the content before it (-1 disables)"},
		},
		Check: checkComments,
	})
}

func checkComments(p *Pass) {
	d := styleOf(p)
	src := d.src
	minSpaces := intOpt(p, "min-spaces-from-content", 2)
	requireSpace := boolOpt(p, "require-starting-space", true)
	ignoreShebangs := boolOpt(p, "ignore-shebangs", true)
	for _, c := range d.comments {
		before := d.at(c.Before)
		if minSpaces != -1 && d.inline(c) && c.Offset-before.End.Offset < minSpaces {
			var fixes []diag.Fix
			if gap := src[before.End.Offset:c.Offset]; strings.Trim(string(gap), " ") == "" {
				fixes = append(fixes, fix("Add spaces before the comment",
					edit(c.Offset, c.Offset, strings.Repeat(" ", minSpaces-len(gap)))))
			}
			d.reportAt(p, c.Offset, 0, "too few spaces before comment", fixes...)
		}
		if requireSpace {
			start := c.Offset + 1
			for start < len(src) && src[start] == '#' {
				start++
			}
			if start < len(src) {
				// "#!" on the first line is a shebang, whatever follows.
				if ignoreShebangs && c.Line == 1 && c.Col == 1 && src[start] == '!' {
					continue
				}
				if ch := src[start]; ch != ' ' && ch != '\n' && ch != '\r' && ch != 0 {
					d.reportAt(p, start, 0, "missing starting space in comment",
						fix("Add a space after #", edit(start, start, " ")))
				}
			}
		}
	}
}
