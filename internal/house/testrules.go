package house

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// TestResult is the outcome of one example or test file.
type TestResult struct {
	// Name says what was run: "require-team-label: invalid example 1
	// (.yamlint.yaml:12)" or a test file's path.
	Name   string
	Passed bool
	// Problem says how it failed.
	Problem string
}

// checkExample runs one rule on an example or test file's documents, as if
// the conditions on the file (match.files, match.schema) held and the
// documents had the format their content suggests (or match.format).
func (s *Set) checkExample(r *Rule, path string, src []byte) ([]diag.Diagnostic, *yamlfile.File) {
	f := yamlfile.Parse(path, src, yamlfile.Options{})
	var out []diag.Diagnostic
	out = append(out, f.Syntax...)
	docs := exampleDocs(r, f)
	ctx := &Context{Rule: r, Set: s, File: f, Path: path, Docs: docs, Testing: true,
		report: func(d diag.Diagnostic) { out = append(out, d) }}
	ctx.run()
	return out, f
}

func exampleDocs(r *Rule, f *yamlfile.File) []Doc {
	docs := make([]Doc, len(f.Docs))
	for i, d := range f.Docs {
		docs[i] = Doc{Doc: d, Format: inferFormat(d.Root)}
		if r != nil && r.Match.Format != "" {
			docs[i].Format = r.Match.Format
		}
	}
	return docs
}

// TestExamples runs the rules' inline examples (the packs' too when
// packs is set): each valid example must give no finding of the rule,
// each invalid one at least one.
func (s *Set) TestExamples(packs bool) []TestResult {
	var out []TestResult
	for _, r := range s.Rules {
		if r.Pack != "" && !packs {
			continue
		}
		for i, ex := range r.Examples.Valid {
			out = append(out, s.testOne(r, fmt.Sprintf("%s: valid example %d (%s)", r.ID, i+1, ex.Source), ex.Src, false))
		}
		for i, ex := range r.Examples.Invalid {
			out = append(out, s.testOne(r, fmt.Sprintf("%s: invalid example %d (%s)", r.ID, i+1, ex.Source), ex.Src, true))
		}
	}
	return out
}

func (s *Set) testOne(r *Rule, name string, src []byte, wantFinding bool) TestResult {
	ds, f := s.checkExample(r, "example.yaml", src)
	res := TestResult{Name: name}
	var mine []diag.Diagnostic
	for _, d := range ds {
		if d.Code == "syntax" {
			p := f.Lines.Position(d.Range.Start)
			res.Problem = fmt.Sprintf("the example is not valid YAML: line %d: %s", p.Line, d.Message)
			return res
		}
		if d.Code == r.ID || d.Code == "internal" {
			mine = append(mine, d)
		}
	}
	switch {
	case wantFinding && len(mine) == 0:
		res.Problem = "expected a finding, got none"
	case !wantFinding && len(mine) > 0:
		var parts []string
		for _, d := range mine {
			p := f.Lines.Position(d.Range.Start)
			parts = append(parts, fmt.Sprintf("line %d:%d: %s", p.Line, p.Column, d.Message))
		}
		res.Problem = "expected no finding, got: " + strings.Join(parts, "; ")
	default:
		res.Passed = true
	}
	return res
}

// TestDir runs the test files of dir (house-rules-tests/ beside the
// config): NAME.valid.yaml must give no house-rule or admission-policy
// finding, NAME.invalid.yaml at least one. When NAME starts with a rule id
// ("no-latest-image.pinned.valid.yaml"), only that rule counts.
func (s *Set) TestDir(dir string) ([]TestResult, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && (strings.HasSuffix(n, ".valid.yaml") || strings.HasSuffix(n, ".invalid.yaml") ||
			strings.HasSuffix(n, ".valid.yml") || strings.HasSuffix(n, ".invalid.yml")) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var out []TestResult
	for _, n := range names {
		path := filepath.Join(dir, n)
		src, err := safefs.ReadFile(path, safefs.DefaultMaxSize)
		if err != nil {
			out = append(out, TestResult{Name: path, Problem: err.Error()})
			continue
		}
		wantFinding := strings.Contains(n, ".invalid.y")
		var only *Rule
		for _, r := range s.Rules {
			if strings.HasPrefix(n, r.ID+".") {
				only = r
			}
		}
		out = append(out, s.testFile(path, src, only, wantFinding))
	}
	return out, nil
}

func (s *Set) testFile(path string, src []byte, only *Rule, wantFinding bool) TestResult {
	res := TestResult{Name: path}
	f := yamlfile.Parse(path, src, yamlfile.Options{})
	if len(f.Syntax) > 0 {
		p := f.Lines.Position(f.Syntax[0].Range.Start)
		res.Problem = fmt.Sprintf("not valid YAML: line %d: %s", p.Line, f.Syntax[0].Message)
		return res
	}
	var found []diag.Diagnostic
	report := func(d diag.Diagnostic) { found = append(found, d) }
	for _, r := range s.Rules {
		if only != nil && r != only {
			continue
		}
		ctx := &Context{Rule: r, Set: s, File: f, Path: path, Docs: exampleDocs(r, f), Testing: true, report: report}
		ctx.run()
	}
	if only == nil && !s.Policies.Empty() {
		s.Policies.check(s, path, f, exampleDocs(nil, f), report)
	}
	what := "house-rule"
	if only != nil {
		what = only.ID
	}
	switch {
	case wantFinding && len(found) == 0:
		res.Problem = fmt.Sprintf("expected a %s finding, got none", what)
	case !wantFinding && len(found) > 0:
		var parts []string
		for _, d := range found {
			p := f.Lines.Position(d.Range.Start)
			parts = append(parts, fmt.Sprintf("line %d:%d: %s: %s", p.Line, p.Column, d.Code, d.Message))
		}
		res.Problem = "expected no finding, got: " + strings.Join(parts, "; ")
	default:
		res.Passed = true
	}
	return res
}
