package output

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/yamlint/yamlint/internal/diag"
)

func init() { Register("text", func(o Options) Formatter { return textFormat{color: o.Color} }) }

// textFormat is for people: one line per problem, the source line, and a
// caret underline, with colour on a terminal.
type textFormat struct{ color bool }

func (textFormat) withoutFingerprints() {}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
)

func (t textFormat) paint(code, s string) string {
	if !t.color {
		return s
	}
	return code + s + ansiReset
}

func (t textFormat) Format(w io.Writer, files []File, sum Summary) error {
	bw := bufio.NewWriter(w)
	problems, withProblems := 0, 0
	for _, f := range files {
		if len(f.Diagnostics) > 0 {
			withProblems++
		}
		for _, d := range f.Diagnostics {
			problems++
			s := SpanOf(f, d)
			sevColor := ansiRed
			switch d.Severity {
			case diag.SeverityWarning:
				sevColor = ansiYellow
			case diag.SeverityInfo:
				sevColor = ansiBlue
			}
			fmt.Fprintf(bw, "%s: %s: %s %s\n",
				t.paint(ansiBold, fmt.Sprintf("%s:%d:%d", f.Path, s.Line, s.Column)),
				t.paint(sevColor, d.Severity.String()), d.Message, t.paint(ansiDim, "["+d.Code+"]"))
			t.snippet(bw, f, d, s)
		}
	}
	hidden := ""
	if sum.Baselined > 0 {
		hidden += fmt.Sprintf(", %d suppressed by the baseline", sum.Baselined)
	}
	if sum.Unchanged > 0 {
		hidden += fmt.Sprintf(", %d on unchanged lines", sum.Unchanged)
	}
	switch {
	case problems == 0:
		fmt.Fprintf(bw, "no problems (%s%s, %.2fs)\n", plural(sum.FilesChecked, "file", "files")+" checked", hidden, sum.Elapsed.Seconds())
	default:
		fmt.Fprintf(bw, "%s in %s (%s checked%s, %.2fs)\n", plural(problems, "problem", "problems"),
			plural(withProblems, "file", "files"), plural(sum.FilesChecked, "file", "files"), hidden, sum.Elapsed.Seconds())
	}
	return bw.Flush()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// snippet prints the diagnostic's first source line and underlines the
// range on it (to the line end when the range continues).
func (t textFormat) snippet(w io.Writer, f File, d diag.Diagnostic, s Span) {
	if f.Lines == nil || len(f.Src) == 0 || s.Line < 1 || s.Line > f.Lines.Lines() {
		return
	}
	text := string(f.Lines.LineText(s.Line - 1))
	if len(text) > 500 || !utf8.ValidString(text) {
		return
	}
	if strings.TrimSpace(text) == "" && d.Range.Empty() {
		return
	}
	num := fmt.Sprintf("%d", s.Line)
	gutter := strings.Repeat(" ", len(num))
	fmt.Fprintf(w, " %s %s %s\n", t.paint(ansiDim, num), t.paint(ansiDim, "|"), text)
	runes := []rune(text)
	startCol := s.Column - 1
	if startCol > len(runes) {
		startCol = len(runes)
	}
	endCol := s.EndColumn - 1
	if s.EndLine > s.Line || endCol > len(runes) {
		endCol = len(runes)
	}
	width := endCol - startCol
	if width < 1 {
		width = 1
	}
	var pad strings.Builder
	for _, r := range runes[:startCol] {
		if r == '\t' {
			pad.WriteRune('\t')
		} else {
			pad.WriteByte(' ')
		}
	}
	fmt.Fprintf(w, " %s %s %s%s\n", gutter, t.paint(ansiDim, "|"), pad.String(), t.paint(ansiRed, strings.Repeat("^", width)))
}
