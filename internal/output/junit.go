package output

import (
	"encoding/xml"
	"fmt"
	"io"
)

func init() { Register("junit", func(Options) Formatter { return junitFormat{} }) }

// junitFormat writes JUnit XML, as Jenkins, Azure Pipelines (PublishTestResults)
// and GitLab's test report read it: one testsuite per checked file, one
// failing testcase per finding, and a passing testcase for a clean file so
// the report shows what was checked.
type junitFormat struct{}

func (junitFormat) withoutFingerprints() {}

// JUnitTestSuites is the document root; exported so tests (and tools) can
// read reports back with encoding/xml.
type JUnitTestSuites struct {
	XMLName  xml.Name         `xml:"testsuites"`
	Name     string           `xml:"name,attr"`
	Tests    int              `xml:"tests,attr"`
	Failures int              `xml:"failures,attr"`
	Errors   int              `xml:"errors,attr"`
	Time     string           `xml:"time,attr,omitempty"`
	Suites   []JUnitTestSuite `xml:"testsuite"`
}

// JUnitTestSuite is one checked file.
type JUnitTestSuite struct {
	Name     string          `xml:"name,attr"`
	Tests    int             `xml:"tests,attr"`
	Failures int             `xml:"failures,attr"`
	Errors   int             `xml:"errors,attr"`
	Cases    []JUnitTestCase `xml:"testcase"`
}

// JUnitTestCase is one finding, or the whole file when it is clean.
type JUnitTestCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *JUnitFailure `xml:"failure"`
}

// JUnitFailure carries the finding: message and code as attributes, the
// one-line text form as content.
type JUnitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func (junitFormat) Format(w io.Writer, files []File, sum Summary) error {
	doc := JUnitTestSuites{Name: "yamlint", Time: fmt.Sprintf("%.3f", sum.Elapsed.Seconds())}
	for _, f := range files {
		path := RelPath(f.Path)
		suite := JUnitTestSuite{Name: path}
		if len(f.Diagnostics) == 0 {
			suite.Cases = append(suite.Cases, JUnitTestCase{Name: path, Classname: path, File: path})
		}
		for _, d := range f.Diagnostics {
			s := SpanOf(f, d)
			suite.Cases = append(suite.Cases, JUnitTestCase{
				Name:      fmt.Sprintf("%s %d:%d", d.Code, s.Line, s.Column),
				Classname: path,
				File:      path,
				Line:      s.Line,
				Failure: &JUnitFailure{Message: d.Message, Type: d.Code,
					Text: fmt.Sprintf("%s:%d:%d: %s: %s [%s]", path, s.Line, s.Column, d.Severity, d.Message, d.Code)},
			})
			suite.Failures++
		}
		suite.Tests = len(suite.Cases)
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Suites = append(doc.Suites, suite)
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
