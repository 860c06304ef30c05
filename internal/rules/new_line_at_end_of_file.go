package rules

import (
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
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
		// value (unless stripped with "-"), and more.
		if !d.finalBreakChangesData() {
			fixes = append(fixes, fix("Add a new line at the end of the file", edit(l.End, l.End, nl)))
		}
		d.reportLine(p, l.No, runeCount(d.src[l.Start:l.End])+1, 0, "no new line character at the end of file", fixes...)
	}
}

// finalBreakChangesData reports whether appending a line break to a file
// that has none could change its data: when it ends in a block scalar that
// does not strip its final line break ("|", "|+", "|1+"), whose value would
// gain it (or, for a scalar with no content line, how parsers read it); when
// it ends in a node with a tag and no content ("a: !!str"), which the data
// parser reads as null at the end of the text and as "" before a line
// break. After a scanner error the last tokens are unknown, so the answer is
// yes (" |0" is a scanner error that a lenient parser reads, but not once a
// line break follows).
func (d *styleData) finalBreakChangesData() bool {
	n := len(d.src)
	if n == 0 || d.src[n-1] == '\n' {
		return false
	}
	if d.scanErr != nil {
		return true
	}
	for i := len(d.toks) - 1; i >= 0; i-- {
		if k := d.toks[i].Kind; k == yamltok.Tag || k == yamltok.Anchor {
			return true
		} else if k != yamltok.StreamEnd && k != yamltok.BlockEnd {
			break
		}
	}
	var t *tok
	for i := len(d.toks) - 1; i >= 0; i-- {
		if d.toks[i].Kind == yamltok.Scalar {
			t = &d.toks[i]
			break
		}
	}
	if t == nil || (t.Style != '|' && t.Style != '>') || t.End.Offset < n {
		return false
	}
	// The header's indicators: "|" or ">", then a digit and "+" or "-" in
	// either order, up to a space or the end of the line.
	for i := t.Start.Offset + 1; i < n && i < t.Start.Offset+3; i++ {
		switch d.src[i] {
		case '-':
			return false
		case '+', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		default:
			return true
		}
	}
	return true
}
