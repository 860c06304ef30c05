package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"

	"github.com/yamlint/yamlint/internal/diag"
)

func init() { Register("gitlab", func(Options) Formatter { return gitlabFormat{} }) }

// gitlabFormat writes a GitLab Code Quality report (a JSON array of
// issues), which merge requests show as a widget and inline in the diff.
// GitLab compares the fingerprints of the base and head reports to tell new
// issues from old ones, so the fingerprint is derived from the finding's
// line-independent identity (internal/fingerprint), never its line number.
type gitlabFormat struct{}

// GitLabIssue is one Code Quality issue; exported so tests can read
// reports back.
type GitLabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    GitLabLocation `json:"location"`
}

// GitLabLocation is the issue's file and line range.
type GitLabLocation struct {
	Path  string      `json:"path"`
	Lines GitLabLines `json:"lines"`
}

// GitLabLines holds the first (and last) line, 1-based.
type GitLabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end,omitempty"`
}

// gitlabSeverity maps onto Code Quality's info, minor, major, critical and
// blocker. Errors that stop a file from being checked at all (it is not
// YAML, it cannot be read) are critical; other errors major; warnings minor.
func gitlabSeverity(d diag.Diagnostic) string {
	switch d.Severity {
	case diag.SeverityWarning:
		return "minor"
	case diag.SeverityInfo:
		return "info"
	}
	switch d.Code {
	case "syntax", "io", "encoding", "file-size", "internal":
		return "critical"
	}
	return "major"
}

func (gitlabFormat) Format(w io.Writer, files []File, _ Summary) error {
	out := []GitLabIssue{}
	for _, f := range Findings(files) {
		sum := sha256.Sum256([]byte(f.Fingerprint + "\x00" + f.Diag.Code))
		issue := GitLabIssue{
			Description: f.Diag.Message,
			CheckName:   f.Diag.Code,
			Fingerprint: hex.EncodeToString(sum[:16]),
			Severity:    gitlabSeverity(f.Diag),
			Location:    GitLabLocation{Path: RelPath(f.File.Path), Lines: GitLabLines{Begin: f.Span.Line}},
		}
		if f.Span.EndLine > f.Span.Line {
			issue.Location.Lines.End = f.Span.EndLine
		}
		out = append(out, issue)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
