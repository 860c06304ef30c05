package rules

import (
	"bytes"
	"runtime"

	"github.com/yamlint/yamlint/internal/diag"
)

func init() {
	Register(&Rule{
		ID:              "new-lines",
		Requires:        []*Shared{styleShared},
		Doc:             "Force the type of new line characters (unix, dos or platform).",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Options:         &newLinesOptions{Type: "unix"},
		Check:           checkNewLines,
	})
}

type newLinesOptions struct {
	Type string `yaml:"type" enum:"unix,dos,platform" doc:"the line break to use: unix (\\n), dos (\\r\\n) or platform (the running system's)"`
}

// platformNewline is the line break of "type: platform" (os.linesep).
var platformNewline = func() string {
	if runtime.GOOS == "windows" {
		return "\r\n"
	}
	return "\n"
}()

func checkNewLines(p *Pass) {
	d := styleOf(p)
	nl := "\n"
	switch p.Options.(*newLinesOptions).Type {
	case "dos":
		nl = "\r\n"
	case "platform":
		nl = platformNewline
	}
	if len(d.lines) == 0 {
		return // not checked: the file does not parse
	}
	l := d.lines[0]
	// yamllint checks the first line break only.
	if len(d.src) <= l.End || bytes.HasPrefix(d.src[l.End:], []byte(nl)) {
		return
	}
	shown := `\n`
	if nl == "\r\n" {
		shown = `\r\n`
	}
	// The fix converts every line break of the file.
	var edits []diag.TextEdit
	for _, ln := range d.lines {
		if ln.End >= len(d.src) {
			break
		}
		cur := "\n"
		brk := ln.End + 1
		if d.src[ln.End] == '\r' {
			cur = "\r\n"
			brk = ln.End + 2
		}
		if cur != nl {
			edits = append(edits, edit(ln.End, brk, nl))
		}
	}
	var fixes []diag.Fix
	if len(edits) > 0 {
		fixes = append(fixes, fix("Convert line breaks to "+shown, edits...))
	}
	d.reportLine(p, 1, runeCount(d.src[l.Start:l.End])+1, 0, "wrong new line character: expected "+shown, fixes...)
}
