// Package baseline records a run's findings (--write-baseline) and filters
// later runs down to the findings it does not hold (--baseline; the
// language server's yamlint.baseline), so a tool can be switched on as a
// gate in a repository that already has problems.
//
// Findings are matched by fingerprint (internal/fingerprint): the code, the
// file, the finding's node path and the normalised text of its line, plus an
// occurrence count for identical findings. Line numbers are recorded for
// people reading the file, never matched.
package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/yamlint/yamlint/internal/fingerprint"
	"github.com/yamlint/yamlint/internal/output"
	"github.com/yamlint/yamlint/internal/safefs"
)

// formatVersion is the file format's version.
const formatVersion = 1

// maxSize bounds how much of a baseline file is read.
const maxSize = 64 << 20

// Entry is one recorded finding.
type Entry struct {
	File        string `json:"file"`
	Code        string `json:"code"`
	Fingerprint string `json:"fingerprint"`
	// Line and Message are for people reading the file; matching ignores
	// them.
	Line    int    `json:"line"`
	Message string `json:"message"`
}

type document struct {
	Version     int     `json:"version"`
	Fingerprint string  `json:"fingerprint"`
	Findings    []Entry `json:"findings"`
}

// Baseline is a set of recorded findings.
type Baseline struct {
	fps map[string]bool
	// Len is the number of recorded findings.
	Len int
}

// Write records every finding of files.
func Write(w io.Writer, files []output.File) error {
	doc := document{Version: formatVersion, Fingerprint: fingerprint.Version, Findings: []Entry{}}
	for _, f := range output.Findings(files) {
		doc.Findings = append(doc.Findings, Entry{File: output.RelPath(f.File.Path), Code: f.Diag.Code,
			Fingerprint: f.Fingerprint, Line: f.Span.Line, Message: f.Diag.Message})
	}
	sort.SliceStable(doc.Findings, func(i, j int) bool {
		a, b := doc.Findings[i], doc.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// WriteFile records every finding of files in path.
func WriteFile(path string, files []output.File) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := Write(f, files); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Read parses a baseline.
func Read(r io.Reader) (*Baseline, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSize {
		return nil, fmt.Errorf("larger than %d MiB", maxSize>>20)
	}
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not a yamlint baseline: %v", err)
	}
	if doc.Version != formatVersion {
		return nil, fmt.Errorf("baseline format version %d, want %d (write it again with --write-baseline)", doc.Version, formatVersion)
	}
	if doc.Fingerprint != fingerprint.Version {
		return nil, fmt.Errorf("baseline fingerprints are %q, this yamlint computes %q (write it again with --write-baseline)", doc.Fingerprint, fingerprint.Version)
	}
	b := &Baseline{fps: make(map[string]bool, len(doc.Findings)), Len: len(doc.Findings)}
	for _, e := range doc.Findings {
		if e.Fingerprint == "" {
			return nil, errors.New("a finding has no fingerprint")
		}
		b.fps[e.Fingerprint] = true
	}
	return b, nil
}

// ReadFile parses the baseline at path: a regular file of at most 64 MiB
// (a FIFO or device is refused rather than read).
func ReadFile(path string) (*Baseline, error) {
	data, err := safefs.ReadFile(path, maxSize)
	if err != nil {
		return nil, err
	}
	return Read(bytes.NewReader(data))
}

// Has reports whether the baseline holds the finding with fingerprint fp.
func (b *Baseline) Has(fp string) bool { return b != nil && b.fps[fp] }

// Filter returns f without the findings the baseline holds, and how many
// it dropped.
func (b *Baseline) Filter(f output.File) (output.File, int) {
	if b == nil || len(f.Diagnostics) == 0 {
		return f, 0
	}
	fps := output.FingerprintsOf(f)
	out := f
	out.Diagnostics, out.Fingerprints = nil, nil
	dropped := 0
	for i, d := range f.Diagnostics {
		if b.fps[fps[i]] {
			dropped++
			continue
		}
		out.Diagnostics = append(out.Diagnostics, d)
		out.Fingerprints = append(out.Fingerprints, fps[i])
	}
	return out, dropped
}
