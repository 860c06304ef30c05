package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
)

func init() { Register("azure", func(Options) Formatter { return azureFormat{} }) }

// azureFormat writes Azure Pipelines logging commands
// (##vso[task.logissue ...]), which the agent shows as errors and warnings on
// the run and links to the source. Azure has no informational issue type,
// so info findings are printed as plain log lines.
type azureFormat struct{}

func (azureFormat) withoutFingerprints() {}

// Escaping as the agent's logging-command parser expects (the same table
// azure-pipelines-task-lib uses): data escapes %, CR and LF; property values
// also ';' and ']', which would end the property or the command.
var (
	azureData     = strings.NewReplacer("%", "%AZP25", "\r", "%0D", "\n", "%0A")
	azureProperty = strings.NewReplacer("%", "%AZP25", "\r", "%0D", "\n", "%0A", ";", "%3B", "]", "%5D")
)

func (azureFormat) Format(w io.Writer, files []File, _ Summary) error {
	for _, f := range Findings(files) {
		path := RelPath(f.File.Path)
		var err error
		if f.Diag.Severity == diag.SeverityInfo {
			_, err = fmt.Fprintf(w, "%s:%d:%d: info: %s [%s]\n", path, f.Span.Line, f.Span.Column,
				strings.ReplaceAll(f.Diag.Message, "\n", " "), f.Diag.Code)
		} else {
			typ := "error"
			if f.Diag.Severity == diag.SeverityWarning {
				typ = "warning"
			}
			_, err = fmt.Fprintf(w, "##vso[task.logissue type=%s;sourcepath=%s;linenumber=%d;columnnumber=%d;code=%s;]%s\n",
				typ, azureProperty.Replace(path), f.Span.Line, f.Span.Column, azureProperty.Replace(f.Diag.Code),
				azureData.Replace(f.Diag.Message))
		}
		if err != nil {
			return err
		}
	}
	return nil
}
