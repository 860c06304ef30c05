// Package diag defines the one Diagnostic type that flows from every check in
// the engine to every output format and to the language server.
//
// Positions are byte offsets into the file's source. Line and column numbers
// (characters for the CLI, UTF-16 units for LSP) are computed only at the
// edge, from a textpos.LineIndex.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity orders findings; a larger value is more severe.
type Severity uint8

const (
	SeverityNone Severity = iota // "off": the finding is dropped
	SeverityInfo
	SeverityWarning
	SeverityError
)

func (s Severity) String() string {
	switch s {
	case SeverityInfo:
		return "info"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return "off"
}

// ParseSeverity accepts the names used in config files and on the command
// line ("error", "warning", "info", "off"; "warn", "hint", "none" as aliases).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return SeverityError, nil
	case "warning", "warn":
		return SeverityWarning, nil
	case "info", "hint", "information":
		return SeverityInfo, nil
	case "off", "none", "disable", "disabled":
		return SeverityNone, nil
	}
	return SeverityNone, fmt.Errorf("unknown severity %q (want error, warning, info or off)", s)
}

// Range is a half-open byte range [Start, End) in a file's source.
type Range struct {
	Start, End int
}

// Empty reports whether the range covers no bytes (a point).
func (r Range) Empty() bool { return r.End <= r.Start }

// TextEdit replaces the bytes of Range with NewText.
type TextEdit struct {
	Range   Range
	NewText string
}

// FixKind says how sure a fix is. The zero value is the cautious one.
type FixKind uint8

const (
	// FixSuggestion is a guess ("did you mean build?"): the editor offers
	// it, `--fix` applies it only with `--unsafe-fixes`.
	FixSuggestion FixKind = iota
	// FixSafe never changes what the file means beyond the finding itself
	// (trailing spaces, a missing final newline): `--fix` and the editor's
	// "fix all" apply it.
	FixSafe
)

func (k FixKind) String() string {
	if k == FixSafe {
		return "safe"
	}
	return "suggestion"
}

// Fix is one change that resolves a finding; the CLI's --fix and the
// language server's quick fixes both apply these edits, so there is one
// implementation of every fix.
type Fix struct {
	Title string
	Edits []TextEdit
	Kind  FixKind
}

// Diagnostic is one finding in one file.
type Diagnostic struct {
	Range    Range
	Severity Severity
	Code     string // rule id, e.g. "schema", "syntax", "trailing-spaces"
	Message  string // one line
	Detail   string // optional longer explanation
	Fixes    []Fix
}

// Sort orders diagnostics by position, then code, then message, so output
// never depends on the order checks ran in.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool { return Less(ds[i], ds[j]) })
}

// Less is the order Sort puts diagnostics in: by start, code, message, end.
func Less(a, b Diagnostic) bool {
	if a.Range.Start != b.Range.Start {
		return a.Range.Start < b.Range.Start
	}
	if a.Code != b.Code {
		return a.Code < b.Code
	}
	if a.Message != b.Message {
		return a.Message < b.Message
	}
	return a.Range.End < b.Range.End
}
