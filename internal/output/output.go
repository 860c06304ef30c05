// Package output renders diagnostics. Each format is one file that
// registers itself by name; the CLI picks one with --format (and more with
// --report FORMAT=FILE).
package output

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/fingerprint"
	"github.com/yamlint/yamlint/internal/textpos"
)

// File is one checked file's findings, with what is needed to turn byte
// offsets into lines and columns and to show source snippets.
type File struct {
	Path        string
	Src         []byte
	Lines       *textpos.LineIndex
	Diagnostics []diag.Diagnostic
	// Fingerprints, when set, holds one stable identity per diagnostic
	// (internal/fingerprint), computed from the parsed tree; formats that
	// need one and find none fall back to FingerprintsOf.
	Fingerprints []string
}

// Summary describes the whole run.
type Summary struct {
	FilesChecked int
	Elapsed      time.Duration
	// Baselined counts findings not reported because the --baseline file
	// holds them; Unchanged those not reported because they are on lines
	// not changed since --new-from-rev.
	Baselined int
	Unchanged int
}

// Options are shared by all formats.
type Options struct {
	Color bool
	// Codes describes the codes the findings carry (SARIF rules, GitLab
	// check names); nil means the built-in registry.
	Codes *codes.Registry
	// DocsBaseURL is where docs/rules.md is published; a rule's help URI is
	// DocsBaseURL + "#" + codes.Anchor(id). Empty means DefaultDocsBaseURL.
	DocsBaseURL string
	// ToolVersion is the yamlint version reported by formats that name the
	// tool (SARIF).
	ToolVersion string
}

// DefaultDocsBaseURL is the published rules page.
const DefaultDocsBaseURL = "https://github.com/yamlint/yamlint/blob/main/docs/rules.md"

func (o Options) registry() *codes.Registry {
	if o.Codes != nil {
		return o.Codes
	}
	return codes.Builtin()
}

// HelpURI is the documentation address of code id.
func (o Options) HelpURI(id string) string {
	base := o.DocsBaseURL
	if base == "" {
		base = DefaultDocsBaseURL
	}
	return strings.TrimSuffix(base, "#") + "#" + codes.Anchor(id)
}

// Formatter writes a run's findings.
type Formatter interface {
	Format(w io.Writer, files []File, sum Summary) error
}

var formats = map[string]func(Options) Formatter{}

// fingerprintFree is implemented by the formats that never show a
// finding's fingerprint; a format that does not say so is taken to use
// them.
type fingerprintFree interface{ withoutFingerprints() }

// UsesFingerprints reports whether the format named writes findings'
// fingerprints (SARIF, GitLab), which are then worth computing from
// the parsed tree while it is at hand.
func UsesFingerprints(name string) bool {
	mk, ok := formats[name]
	if !ok {
		return true
	}
	_, free := mk(Options{}).(fingerprintFree)
	return !free
}

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

// FingerprintsOf returns f's fingerprints: f.Fingerprints when it has one
// per diagnostic, else ones computed without the parsed tree (node path
// empty), which are still independent of line numbers.
func FingerprintsOf(f File) []string {
	if len(f.Fingerprints) == len(f.Diagnostics) {
		return f.Fingerprints
	}
	return fingerprint.Compute(fingerprint.Input{Path: RelPath(f.Path), Src: f.Src, Lines: f.Lines, Diagnostics: f.Diagnostics})
}

// RelPath is path as reports name artifacts: slash-separated and relative to
// the working directory when it lies inside it (CI systems resolve report
// paths against the checkout). Paths outside stay absolute.
func RelPath(path string) string {
	if path == "" || path == "-" || strings.HasPrefix(path, "<") {
		return path
	}
	p := filepath.Clean(path)
	if filepath.IsAbs(p) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				p = rel
			}
		}
	}
	return filepath.ToSlash(p)
}

// Finding is a diagnostic with its file, span and fingerprint: the flat
// record most report formats are written from.
type Finding struct {
	File        *File
	Diag        diag.Diagnostic
	Span        Span
	Fingerprint string
}

// Findings flattens files into findings in file order.
func Findings(files []File) []Finding {
	var out []Finding
	for i := range files {
		f := &files[i]
		if len(f.Diagnostics) == 0 {
			continue
		}
		fps := FingerprintsOf(*f)
		for j, d := range f.Diagnostics {
			out = append(out, Finding{File: f, Diag: d, Span: SpanOf(*f, d), Fingerprint: fps[j]})
		}
	}
	return out
}
