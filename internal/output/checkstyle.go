package output

import (
	"encoding/xml"
	"io"

	"github.com/yamlint/yamlint/internal/diag"
)

func init() { Register("checkstyle", func(Options) Formatter { return checkstyleFormat{} }) }

// checkstyleFormat writes Checkstyle XML, which many CI plugins and code
// review bots read (Jenkins Warnings NG, reviewdog, SonarQube importers).
// Every checked file is listed, clean ones with no errors.
type checkstyleFormat struct{}

func (checkstyleFormat) withoutFingerprints() {}

// CheckstyleReport is the document root; exported so tests can read reports
// back with encoding/xml.
type CheckstyleReport struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []CheckstyleFile `xml:"file"`
}

// CheckstyleFile is one checked file.
type CheckstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []CheckstyleError `xml:"error"`
}

// CheckstyleError is one finding; Source is "yamlint.<code>" as checkstyle
// names a check by a dotted source.
type CheckstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// checkstyleSeverity uses checkstyle's names (error, warning, info).
func checkstyleSeverity(s diag.Severity) string {
	switch s {
	case diag.SeverityWarning:
		return "warning"
	case diag.SeverityInfo:
		return "info"
	}
	return "error"
}

func (checkstyleFormat) Format(w io.Writer, files []File, _ Summary) error {
	doc := CheckstyleReport{Version: "4.3"}
	for _, f := range files {
		cf := CheckstyleFile{Name: RelPath(f.Path)}
		for _, d := range f.Diagnostics {
			s := SpanOf(f, d)
			cf.Errors = append(cf.Errors, CheckstyleError{Line: s.Line, Column: s.Column,
				Severity: checkstyleSeverity(d.Severity), Message: d.Message, Source: "yamlint." + d.Code})
		}
		doc.Files = append(doc.Files, cf)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
