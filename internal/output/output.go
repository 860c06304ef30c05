// Package output renders diagnostics. Each format is one file that
// registers itself by name; the CLI picks one with --format.
package output

import (
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/textpos"
)

// File is one checked file's findings, with what is needed to turn byte
// offsets into lines and columns and to show source snippets.
type File struct {
	Path        string
	Src         []byte
	Lines       *textpos.LineIndex
	Diagnostics []diag.Diagnostic
}

// Summary describes the whole run.
type Summary struct {
	FilesChecked int
	Elapsed      time.Duration
}

// Options are shared by all formats.
type Options struct {
	Color bool
}

// Formatter writes a run's findings.
type Formatter interface {
	Format(w io.Writer, files []File, sum Summary) error
}

var formats = map[string]func(Options) Formatter{}

// Register adds a format under name.
func Register(name string, make func(Options) Formatter) { formats[name] = make }

// New returns the formatter registered as name.
func New(name string, opts Options) (Formatter, error) {
	mk, ok := formats[name]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (known: %v)", name, Names())
	}
	return mk(opts), nil
}

// Names lists the registered formats.
func Names() []string {
	out := make([]string, 0, len(formats))
	for n := range formats {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Span is a diagnostic's 1-based start and end, columns in characters.
type Span struct {
	Line, Column, EndLine, EndColumn int
}

// SpanOf converts a diagnostic's byte range to lines and columns.
func SpanOf(f File, d diag.Diagnostic) Span {
	lines := f.Lines
	if lines == nil {
		lines = textpos.New(f.Src)
	}
	s := lines.Position(d.Range.Start)
	e := s
	if d.Range.End > d.Range.Start {
		e = lines.Position(d.Range.End)
	}
	return Span{s.Line, s.Column, e.Line, e.Column}
}
