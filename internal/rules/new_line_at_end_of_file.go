package rules

import "github.com/yamlint/yamlint/internal/diag"

func init() {
	Register(&Rule{
		ID:              "new-line-at-end-of-file",
		Doc:             "Require a new line character at the end of files.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkNewLineAtEOF,
	})
}

func checkNewLineAtEOF(p *Pass) {
	d := styleOf(p.File)
	l := d.lines[len(d.lines)-1]
	if l.End == len(d.src) && l.End > l.Start {
		nl := "\n"
		if len(d.lines) > 1 {
			prev := d.lines[len(d.lines)-2]
			if prev.End < len(d.src) && d.src[prev.End] == '\r' {
				nl = "\r\n"
			}
		}
		d.report(p, l.No, runeCount(d.src[l.Start:l.End])+1, 0, "no new line character at the end of file",
			fix("Add a new line at the end of the file", edit(l.End, l.End, nl)))
	}
}
