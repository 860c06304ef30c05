package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/schemastore"
)

// structuralRules are the actionlint rules whose findings are about the
// structure of a workflow (unknown keys, wrong types, bad needs, missing
// required keys, invalid ids, events and their filters/inputs,
// permissions, reusable-workflow call format). The others check expression
// typing, shell scripts, globs, runner labels, local action metadata and
// runtime-OS-specific shells, which are out of a schema's reach.
var structuralRules = map[string]bool{
	"syntax-check":  true,
	"job-needs":     true,
	"id":            true,
	"events":        true,
	"permissions":   true,
	"workflow-call": true,
}

// actionlintFloor is the catch rate this suite must not fall below; the
// measured figure is logged (docs/actionlint-coverage.md lists the misses).
const actionlintFloor = 0.90

var outLine = regexp.MustCompile(`^/?test\\?\.yaml:(\d+):(\d+): (.*) \\?\[([a-z-]+)\\?\]/?$`)

type expected struct {
	file       string
	line       int
	msg, rule  string
	caught     bool
	ourMessage string
}

// TestActionlintStructuralCoverage lints actionlint's example workflows
// (each .yaml with the findings actionlint expects in its .out) and measures
// how many structural findings yamlint also reports on the same line.
func TestActionlintCorpusStructuralCoverage(t *testing.T) {
	base := filepath.Join(corpus.Dir(t), "workflows", "actionlint")
	if rate := measureActionlint(t, filepath.Join(base, "examples")); rate < actionlintFloor {
		t.Errorf("catch rate %.1f%% fell below %.0f%%", 100*rate, 100*actionlintFloor)
	}
	// err/ holds actionlint's own error-case tests: logged, not asserted.
	measureActionlint(t, filepath.Join(base, "err"))
}

// measureActionlint lints every .yaml of dir that has a .out, logs the
// structural catch rate and the misses, and returns the rate.
func measureActionlint(t *testing.T, dir string) float64 {
	outs, _ := filepath.Glob(filepath.Join(dir, "*.out"))
	if len(outs) == 0 {
		t.Skipf("%s not in the corpus", dir)
	}
	l, err := engine.New(nil, engine.Options{Schema: schemastore.BaseURL + "github-workflow.json"})
	if err != nil {
		t.Fatal(err)
	}
	var all []*expected
	otherCaught, otherTotal := 0, 0 // findings outside structuralRules, for information
	for _, out := range outs {
		src, err := os.ReadFile(strings.TrimSuffix(out, ".out") + ".yaml")
		if err != nil {
			continue
		}
		want, _ := os.ReadFile(out)
		res := l.Lint("test.yaml", src)
		byLine := map[int][]diag.Diagnostic{}
		for _, d := range res.Diagnostics {
			if d.Severity < diag.SeverityWarning {
				continue
			}
			line := 0
			if res.File != nil && res.File.Lines != nil {
				line = res.File.Lines.Position(d.Range.Start).Line
			}
			byLine[line] = append(byLine[line], d)
		}
		for _, w := range strings.Split(string(want), "\n") {
			m := outLine.FindStringSubmatch(strings.TrimSpace(w))
			if m == nil {
				continue
			}
			if !structuralRules[m[4]] {
				otherTotal++
				if ln, _ := strconv.Atoi(m[1]); len(byLine[ln]) > 0 {
					otherCaught++
				}
				continue
			}
			line, _ := strconv.Atoi(m[1])
			e := &expected{file: filepath.Base(out), line: line, msg: m[3], rule: m[4]}
			// actionlint reports a file that is not YAML at 0:0, and needs
			// problems at the job's key where we point at the needs entry.
			if ds := byLine[line]; len(ds) > 0 {
				e.caught, e.ourMessage = true, ds[0].Message
			} else if m[4] == "job-needs" && inJobWith(res, line, "github-needs") {
				e.caught = true
			} else if line == 0 && len(res.Diagnostics) > 0 {
				e.caught, e.ourMessage = true, res.Diagnostics[0].Message
			}
			all = append(all, e)
		}
	}
	if len(all) == 0 {
		t.Fatalf("%s: no structural findings parsed from the .out files", dir)
	}
	caught := 0
	perRule := map[string][2]int{}
	var missed []string
	for _, e := range all {
		c := perRule[e.rule]
		c[1]++
		if e.caught {
			caught++
			c[0]++
		} else {
			missed = append(missed, fmt.Sprintf("%s:%d [%s] %s", e.file, e.line, e.rule, e.msg))
		}
		perRule[e.rule] = c
	}
	rate := float64(caught) / float64(len(all))
	var rules []string
	for r, c := range perRule {
		rules = append(rules, fmt.Sprintf("%s %d/%d", r, c[0], c[1]))
	}
	sort.Strings(rules)
	sort.Strings(missed)
	t.Logf("%s: actionlint structural findings caught: %d/%d = %.1f%% (%s)", filepath.Base(dir), caught, len(all), 100*rate, strings.Join(rules, ", "))
	for _, m := range missed {
		t.Logf("missed: %s", m)
	}
	t.Logf("%s: for information, other actionlint findings (expressions, scripts, globs, runner labels, local actions) with a yamlint finding on the same line: %d/%d", filepath.Base(dir), otherCaught, otherTotal)
	return rate
}

// inJobWith reports whether a diagnostic with code lies in the job whose
// key is on line.
func inJobWith(res engine.Result, line int, code string) bool {
	if res.File == nil || len(res.File.Docs) == 0 || res.File.Docs[0].Root == nil {
		return false
	}
	jobs := res.File.Docs[0].Root.Child("jobs")
	if jobs == nil {
		return false
	}
	for _, j := range jobs.Children {
		if res.File.Lines.Position(j.KeyRange.Start).Line != line {
			continue
		}
		for _, d := range res.Diagnostics {
			if d.Code == code && d.Range.Start >= j.KeyRange.Start && d.Range.Start <= j.Range.End {
				return true
			}
		}
	}
	return false
}

// TestActionlintCorpusOKClean: actionlint's ok/ workflows, which actionlint
// accepts, get no schema or GitHub-rule finding from yamlint.
func TestActionlintCorpusOKClean(t *testing.T) {
	dir := filepath.Join(corpus.Dir(t), "workflows", "actionlint", "ok")
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if len(files) == 0 {
		t.Skip("actionlint ok/ not in the corpus")
	}
	l, err := engine.New(nil, engine.Options{Schema: schemastore.BaseURL + "github-workflow.json"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res := l.Lint(f, src)
		for _, d := range res.Diagnostics {
			if d.Code == "schema" || strings.HasPrefix(d.Code, "github-") {
				t.Errorf("%s:%d: %s [%s]", filepath.Base(f), res.File.Lines.Position(d.Range.Start).Line, d.Message, d.Code)
			}
		}
	}
	t.Logf("%d actionlint ok/ workflows checked", len(files))
}
