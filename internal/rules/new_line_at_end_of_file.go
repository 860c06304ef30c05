package rules

import (
	"bytes"

	"github.com/yamlint/yamlint/internal/diag"
)

func init() {
	Register(&Rule{
		ID:              "new-line-at-end-of-file",
		Requires:        []*Shared{styleShared},
		Doc:             "Require a new line character at the end of files.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkNewLineAtEOF,
	})
}

func checkNewLineAtEOF(p *Pass) {
	d := styleOf(p)
	if len(d.lines) == 0 {
		return // not checked: the file does not parse
	}
	l := d.lines[len(d.lines)-1]
	if l.End == len(d.src) && l.End > l.Start {
		nl := "\n"
		if len(d.lines) > 1 {
			prev := d.lines[len(d.lines)-2]
			if prev.End < len(d.src) && d.src[prev.End] == '\r' {
				nl = "\r\n"
			}
		}
		var fixes []diag.Fix
		// A block scalar ending the file would gain a line break in its
		// value (unless stripped with "-").
		if !d.blockScalarEndsFile() {
			fixes = append(fixes, fix("Add a new line at the end of the file", edit(l.End, l.End, nl)))
		}
		d.reportLine(p, l.No, runeCount(d.src[l.Start:l.End])+1, 0, "no new line character at the end of file", fixes...)
	}
}

// blockScalarEndsFile reports whether the file ends, without a final line
// break, inside a block scalar that keeps its last line break: appending
// one would change its value.
func (d *styleData) blockScalarEndsFile() bool {
	n := len(d.src)
	if n == 0 || d.src[n-1] == '\n' {
		return false
	}
	t := d.scalarAt(n - 1)
	return t != nil && (t.Style == '|' || t.Style == '>') &&
		!bytes.Contains(d.src[t.Start.Offset:d.lineOf(t.Start.Offset).End], []byte("-"))
}
