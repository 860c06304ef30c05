package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
)

func init() { Register("github", func(Options) Formatter { return githubFormat{} }) }

// githubFormat writes GitHub Actions workflow commands, which the runner
// turns into annotations on the pull request.
type githubFormat struct{}

func (githubFormat) withoutFingerprints() {}

func (githubFormat) Format(w io.Writer, files []File, _ Summary) error {
	for _, f := range files {
		for _, d := range f.Diagnostics {
			s := SpanOf(f, d)
			level := "error"
			switch d.Severity {
			case diag.SeverityWarning:
				level = "warning"
			case diag.SeverityInfo:
				level = "notice"
			}
			if _, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
				level, ghProperty(f.Path), s.Line, s.Column, s.EndLine, s.EndColumn,
				ghProperty("yamlint "+d.Code), ghData(d.Message)); err != nil {
				return err
			}
		}
	}
	return nil
}

// Escaping as the runner's workflow-command parser expects.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
