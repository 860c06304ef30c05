// Package ruletest checks one rule against the cases in its testdata
// directory, the way golang.org/x/tools/go/analysis/analysistest does for
// Go analyzers. It needs no corpus: the cases are small YAML files written
// for the rule, with the expected findings inline.
//
// # Layout
//
// A rule's cases live in internal/rules/testdata/<rule-id>/. That directory
// is a small repository: every *.yaml and *.yml file under it (at any depth,
// dot-directories included) is a case, and the path the rule sees is the
// file's real path. A GitHub workflow case is therefore written as
// testdata/github-needs/.github/workflows/ci.yml and a GitLab one as
// testdata/gitlab-stage/.gitlab-ci.yml; files a rule reads besides the one
// it checks (a called reusable workflow, a local include, a compose file's
// neighbours) sit where the rule looks for them. Cases run through the
// engine with only the rule under test enabled, so schema association
// (which documents are workflows, compose files, ...) is the one the CLI
// and the language server make.
//
// # Expectations
//
// A comment `# want "regexp"` at the end of a line expects one finding of
// the rule on that line whose message matches the regular expression
// (Go's syntax, written as a Go string literal, "..." or `...`); several
// findings are written `# want "a" "b"`. Every finding of the rule (and any
// syntax error or internal error) must be expected and every expectation
// met, or the test fails at the case's file:line. The expectation is
// metadata: the comment and the white space before it are removed before
// the rule runs (line numbers do not change), so it never trips a comment,
// line-length or trailing-space check, and it may be written inside a block
// scalar too.
//
// A finding the end-of-line form cannot mark (white space at the end of the
// line is itself the subject, as for trailing-spaces) is expected by a
// header `# want-line N "regexp"...` naming the 1-based line.
//
// # Headers
//
// Comment lines at the very top of a case, before anything else, may hold
// headers. They are metadata too: each becomes a bare "#" in the linted
// text (an empty comment no rule objects to), so line numbers hold and a
// long header cannot trip line-length. A case that needs its first line
// for itself (a shebang) therefore cannot carry headers.
//
//	# options: {max: 80, allow-non-breakable-words: false}
//
// configures the rule for this case with a YAML flow mapping written as in
// a config file's rules section (level, ignore and the rule's options); it
// is decoded and validated by the real config loader, so a misspelt option
// fails the case with the loader's message. Without it the rule runs with
// its registered defaults.
//
// # Fixed files
//
// When the rule's fixes change a case, <case>.fixed (ci.yml.fixed next to
// ci.yml) holds the text after applying the safe fixes the way `yamlint
// --fix` does (fix, re-check, until nothing changes), starting from the case
// with its expectations removed. When the rule also offers suggestions (fixes
// that are guesses, applied only by `--fix --unsafe-fixes`) and applying
// them changes the text further, <case>.unsafe.fixed holds the text after
// applying safe fixes and suggestions alike. A missing file whose fixes
// change the text, or a file left over when they no longer do, fails the
// test. Running the test with -update (when the test binary defines that
// flag) rewrites the fixed files; read the diff.
package ruletest

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/fix"
	"github.com/yamlint/yamlint/internal/rules"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Stats counts what a rule's testdata holds.
type Stats struct {
	Cases        int // YAML files checked
	Clean        int // cases expecting no finding
	Expectations int // `# want` regexps
	Fixed        int // .fixed and .unsafe.fixed files compared
}

// Run checks rule id against every case under dir, one subtest per case.
func Run(t *testing.T, dir, id string) Stats {
	t.Helper()
	r := rules.Lookup(id)
	if r == nil {
		t.Fatalf("no rule %q", id)
	}
	cases, err := Cases(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s: no .yaml or .yml case (every rule needs a testdata directory with cases; see package ruletest)", dir)
	}
	var st Stats
	for _, path := range cases {
		rel, _ := filepath.Rel(dir, path)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			res, problems := Check(r, path, updating())
			st.Cases++
			st.Expectations += res.Expectations
			st.Fixed += res.Fixed
			if res.Expectations == 0 {
				st.Clean++
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
	return st
}

// updating reports whether the test binary was run with -update.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// Cases lists the case files under dir, sorted.
func Cases(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// CaseResult is what checking one case counted.
type CaseResult struct {
	Expectations int
	Fixed        int
}

// expectation is one `# want` regexp and whether a finding met it.
type expectation struct {
	line int
	re   *regexp.Regexp
	met  bool
}

// Check runs rule r on the case at path and returns the problems found
// (each "path:line: ..."), rewriting the fixed files when update is set.
func Check(r *rules.Rule, path string, update bool) (CaseResult, []string) {
	var res CaseResult
	var problems []string
	fail := func(line int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s:%d: %s", path, line, fmt.Sprintf(format, args...)))
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return res, []string{err.Error()}
	}
	c, err := parseCase(raw)
	if err != nil {
		return res, []string{fmt.Sprintf("%s:%v", path, err)}
	}
	res.Expectations = len(c.wants)
	l, err := linterFor(r, path, c.options)
	if err != nil {
		fail(c.optionsLine, "options: %v", err)
		return res, problems
	}
	lint := func(src []byte) []diag.Diagnostic {
		var out []diag.Diagnostic
		for _, d := range l.Lint(path, src).Diagnostics {
			if d.Code == r.ID || d.Code == "internal" || d.Code == "syntax" {
				out = append(out, d)
			}
		}
		return out
	}
	diags := lint(c.src)
	lines := lineStarts(c.src)
	for _, d := range diags {
		line, col := position(lines, c.src, d.Range.Start)
		matched := false
		for _, w := range c.wants {
			if !w.met && w.line == line && w.re.MatchString(d.Message) {
				w.met, matched = true, true
				break
			}
		}
		if !matched {
			fail(line, "unexpected finding (col %d): %s [%s]", col, d.Message, d.Code)
		}
	}
	for _, w := range c.wants {
		if !w.met {
			fail(w.line, "no finding matching %q", w.re)
		}
	}

	// Fixed files: safe fixes, then safe fixes and suggestions.
	safe := fixLoop(c.src, lint, false)
	all := fixLoop(c.src, lint, true)
	for _, v := range []struct {
		file    string
		text    []byte
		changed bool
	}{
		{path + ".fixed", safe, !bytes.Equal(safe, c.src)},
		{path + ".unsafe.fixed", all, !bytes.Equal(all, safe)},
	} {
		want, err := os.ReadFile(v.file)
		exists := err == nil
		switch {
		case update && v.changed:
			if !exists || !bytes.Equal(want, v.text) {
				if err := os.WriteFile(v.file, v.text, 0o644); err != nil {
					fail(1, "%v", err)
				}
			}
			res.Fixed++
		case update && exists:
			if err := os.Remove(v.file); err != nil {
				fail(1, "%v", err)
			}
		case v.changed && !exists:
			fail(1, "the fixes change this case but there is no %s (rerun with -update and read it):\n%s", filepath.Base(v.file), v.text)
		case !v.changed && exists:
			fail(1, "%s exists but the fixes leave the case unchanged (remove it)", filepath.Base(v.file))
		case exists:
			res.Fixed++
			if !bytes.Equal(want, v.text) {
				fail(1, "text after fixes differs from %s (rerun with -update and read the diff)\n--- got\n%s\n--- want\n%s", filepath.Base(v.file), v.text, want)
			}
		}
	}
	return res, problems
}

// maxFixPasses is the CLI's bound on fix/re-check passes.
const maxFixPasses = 10

// fixLoop applies the findings' fixes and re-checks until nothing changes,
// as `yamlint --fix` does; unsafe also applies suggestions.
func fixLoop(src []byte, lint func([]byte) []diag.Diagnostic, unsafe bool) []byte {
	seen := map[[32]byte]bool{sha256.Sum256(src): true}
	for pass := 0; pass < maxFixPasses; pass++ {
		out, n := fix.Apply(src, fix.Fixable(lint(src), unsafe))
		h := sha256.Sum256(out)
		if n == 0 || seen[h] {
			break
		}
		seen[h] = true
		src = out
	}
	return src
}

// linterFor builds an engine that runs only rule r, configured by the
// case's options header through the real config loader.
func linterFor(r *rules.Rule, path, options string) (*engine.Linter, error) {
	var b strings.Builder
	b.WriteString("rules:\n")
	for _, other := range rules.All() {
		if other.ID != r.ID {
			fmt.Fprintf(&b, "  %s: disable\n", other.ID)
		}
	}
	if options == "" {
		options = "{}"
	}
	fmt.Fprintf(&b, "  %s: %s\n", r.ID, options)
	cfgPath := filepath.Join(filepath.Dir(path), ".yamlint.yaml")
	cfg, err := config.Parse(cfgPath, []byte(b.String()))
	if err != nil {
		if ce, ok := err.(*config.Error); ok && len(ce.Diagnostics) > 0 {
			msgs := make([]string, len(ce.Diagnostics))
			for i, d := range ce.Diagnostics {
				msgs[i] = d.Message
			}
			return nil, fmt.Errorf("%s", strings.Join(msgs, "; "))
		}
		return nil, err
	}
	// The config loader starts a rule from a preset's options; a case
	// starts from the rule's registered defaults and its header alone.
	rc := cfg.Rules[r.ID]
	rc.Options = map[string]any{}
	hf := yamlfile.Parse("options", []byte(options), yamlfile.Options{})
	if len(hf.Docs) > 0 {
		if m, ok := hf.Docs[0].Value().(map[string]any); ok {
			for k, v := range m {
				switch k {
				case "level", "ignore", "ignore-from-file":
				default:
					rc.Options[k] = v
				}
			}
		}
	}
	cfg.Rules[r.ID] = rc
	return engine.New(cfg, engine.Options{})
}

// testCase is a case's linted text and its metadata.
type testCase struct {
	src         []byte // expectations removed
	wants       []*expectation
	options     string
	optionsLine int
}

var (
	quoted   = "(?:\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`)"
	wantRE   = regexp.MustCompile(`[ \t]*# want((?:\s+` + quoted + `)+)\s*$`)
	quotedRE = regexp.MustCompile(quoted)
	lineRE   = regexp.MustCompile(`^# want-line (\d+)((?:\s+` + quoted + `)+)\s*$`)
)

// parseCase reads headers and inline expectations and removes the latter.
func parseCase(raw []byte) (*testCase, error) {
	c := &testCase{}
	lines := strings.SplitAfter(string(raw), "\n")
	header := true
	var out strings.Builder
	for i, line := range lines {
		n := i + 1
		body := strings.TrimRight(line, "\r\n")
		eol := line[len(body):]
		if loc := wantRE.FindStringSubmatchIndex(body); loc != nil {
			if err := c.addWants(n, body[loc[2]:loc[3]]); err != nil {
				return nil, fmt.Errorf("%d: %v", n, err)
			}
			body = body[:loc[0]]
		}
		if header && !strings.HasPrefix(body, "#") {
			header = false
		}
		if header {
			if rest, ok := strings.CutPrefix(body, "# options:"); ok {
				c.options, c.optionsLine = strings.TrimSpace(rest), n
				body = "#"
			} else if m := lineRE.FindStringSubmatch(body); m != nil {
				at, _ := strconv.Atoi(m[1])
				if err := c.addWants(at, m[2]); err != nil {
					return nil, fmt.Errorf("%d: %v", n, err)
				}
				body = "#"
			}
		}
		out.WriteString(body + eol)
	}
	c.src = []byte(out.String())
	return c, nil
}

func (c *testCase) addWants(line int, quoted string) error {
	for _, q := range quotedRE.FindAllString(quoted, -1) {
		s, err := strconv.Unquote(q)
		if err != nil {
			return fmt.Errorf("bad expectation %s: %v", q, err)
		}
		re, err := regexp.Compile(s)
		if err != nil {
			return fmt.Errorf("bad expectation %s: %v", q, err)
		}
		c.wants = append(c.wants, &expectation{line: line, re: re})
	}
	return nil
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// position returns the 1-based line and character column of off.
func position(starts []int, src []byte, off int) (int, int) {
	i := sort.Search(len(starts), func(i int) bool { return starts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, len([]rune(string(src[starts[i]:off]))) + 1
}
