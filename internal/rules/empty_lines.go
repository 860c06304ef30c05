package rules

import (
	"fmt"

	"github.com/yamlint/yamlint/internal/diag"
)

func init() {
	Register(&Rule{
		ID:              "empty-lines",
		Requires:        []*Shared{styleShared},
		Doc:             "Set a maximal number of allowed consecutive blank lines.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Options:         &emptyLinesOptions{Max: 2},
		Check:           checkEmptyLines,
	})
}

type emptyLinesOptions struct {
	Max      int `yaml:"max" doc:"maximal number of blank lines allowed"`
	MaxStart int `yaml:"max-start" doc:"maximal number of blank lines allowed at the beginning of the file"`
	MaxEnd   int `yaml:"max-end" doc:"maximal number of blank lines allowed at the end of the file"`
}

func checkEmptyLines(p *Pass) {
	d := styleOf(p)
	src := d.src
	o := p.Options.(*emptyLinesOptions)
	maxMid, maxStart, maxEnd := o.Max, o.MaxStart, o.MaxEnd
	for _, l := range d.lines {
		if l.Start != l.End || l.End >= len(src) {
			continue
		}
		// Only the last blank line of a series is reported.
		if hasAt(src, l.End, "\n\n") || hasAt(src, l.End, "\r\n\r\n") {
			continue
		}
		blank := 0
		start := l.Start
		for start >= 2 && src[start-2] == '\r' && src[start-1] == '\n' {
			blank++
			start -= 2
		}
		for start >= 1 && src[start-1] == '\n' {
			blank++
			start--
		}
		limit := maxMid
		if start == 0 {
			blank++ // the first line has no preceding line break
			limit = maxStart
		}
		if (l.End == len(src)-1 && src[l.End] == '\n') || (l.End == len(src)-2 && hasAt(src, l.End, "\r\n")) {
			if l.End == 0 {
				continue // a file holding just "\n"
			}
			limit = maxEnd
		}
		if blank > limit {
			// The fix removes the extra blank lines, which end at this line's break.
			brk := l.End + 1
			if src[l.End] == '\r' {
				brk = l.End + 2
			}
			from := brk
			for n := 0; n < blank-limit && from > 0; n++ {
				from--
				if from > 0 && src[from] == '\n' && src[from-1] == '\r' {
					from--
				}
				for from > 0 && src[from-1] != '\n' {
					from--
				}
			}
			var fixes []diag.Fix
			// Blank lines inside a multi-line scalar are content.
			if d.scalarAt(from) == nil && d.scalarAt(l.Start) == nil {
				fixes = append(fixes, fix("Remove extra blank lines", edit(from, brk, "")))
			}
			d.reportLine(p, l.No, 1, 0, fmt.Sprintf("too many blank lines (%d > %d)", blank, limit), fixes...)
		}
	}
}

func hasAt(src []byte, at int, s string) bool {
	return at+len(s) <= len(src) && string(src[at:at+len(s)]) == s
}
