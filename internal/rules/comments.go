package rules

import (
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
)

func init() {
	Register(&Rule{
		ID:              "comments",
		Requires:        []*Shared{styleShared},
		Doc:             "Control the position and formatting of comments.",
		Category:        "style",
		DefaultSeverity: diag.SeverityWarning,
		DefaultEnabled:  true,
		Options:         &commentsOptions{RequireStartingSpace: true, IgnoreShebangs: true, MinSpacesFromContent: 2},
		Check:           checkComments,
	})
}

type commentsOptions struct {
	RequireStartingSpace bool `yaml:"require-starting-space" doc:"require a space character right after the #"`
	IgnoreShebangs       bool `yaml:"ignore-shebangs" doc:"ignore a shebang (#!...) at the beginning of the file"`
	MinSpacesFromContent int  `yaml:"min-spaces-from-content" doc:"minimal spaces between a comment and the content before it (-1 disables)"`
}

func checkComments(p *Pass) {
	d := styleOf(p)
	src := d.src
	o := p.Options.(*commentsOptions)
	minSpaces, requireSpace, ignoreShebangs := o.MinSpacesFromContent, o.RequireStartingSpace, o.IgnoreShebangs
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
