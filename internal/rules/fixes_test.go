package rules

import (
	"bufio"
	"encoding/json"
	"github.com/yamlint/yamlint/internal/corpus"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// applyFixes applies every fix whose edits do not overlap an earlier one
// and returns the new source and the number of fixes applied.
func applyFixes(src string, diags []diag.Diagnostic) (string, int) {
	type span struct{ start, end int }
	var taken []span
	var edits []diag.TextEdit
	overlaps := func(e diag.TextEdit) bool {
		for _, s := range taken {
			// Two insertions at one point conflict too.
			if e.Range.Start < s.end && s.start < e.Range.End || e.Range.Start == s.start {
				return true
			}
		}
		return false
	}
	n := 0
	for _, d := range diags {
		for _, f := range d.Fixes {
			ok := true
			for _, e := range f.Edits {
				if overlaps(e) {
					ok = false
				}
			}
			if !ok {
				continue
			}
			for _, e := range f.Edits {
				taken = append(taken, span{e.Range.Start, e.Range.End})
				edits = append(edits, e)
			}
			n++
			break // the first fix of a diagnostic only
		}
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].Range.Start > edits[j].Range.Start })
	for _, e := range edits {
		src = src[:e.Range.Start] + e.NewText + src[e.Range.End:]
	}
	return src, n
}

func docValues(f *yamlfile.File) []any {
	out := make([]any, len(f.Docs))
	for i, d := range f.Docs {
		out[i] = d.Value()
	}
	return out
}

// checkFixesKeepData lints src with conf, applies the fixes and checks the
// result parses to the same data; it returns the number of fixes applied.
func checkFixesKeepData(t *testing.T, name, src string, conf map[string]map[string]any) int {
	t.Helper()
	before := yamlfile.Parse("x.yaml", []byte(src), yamlfile.Options{})
	if len(before.Syntax) > 0 {
		return 0
	}
	_, diags := lintStyle("x.yaml", src, conf)
	for _, d := range diags {
		for _, f := range d.Fixes {
			for i, e := range f.Edits {
				if e.Range.Start > e.Range.End || e.Range.End > len(src) {
					t.Errorf("%s: %s fix %q has a bad range %v", name, d.Code, f.Title, e.Range)
					return 0
				}
				for _, o := range f.Edits[i+1:] {
					if e.Range.Start < o.Range.End && o.Range.Start < e.Range.End {
						t.Errorf("%s: %s fix %q has overlapping edits", name, d.Code, f.Title)
					}
				}
			}
		}
	}
	fixed, n := applyFixes(src, diags)
	if n == 0 {
		return 0
	}
	after := yamlfile.Parse("x.yaml", []byte(fixed), yamlfile.Options{})
	if len(after.Syntax) > 0 || !reflect.DeepEqual(docValues(before), docValues(after)) {
		b, _ := json.Marshal(docValues(before))
		a, _ := json.Marshal(docValues(after))
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		from := max(0, i-80)
		t.Errorf("%s: fixes change the data or break the syntax (%v)\n--- before ...%.160s\n--- after  ...%.160s", name, after.Syntax, b[from:], a[from:])
	}
	return n
}

// TestFixesKeepData applies the style fixes to the yamllint corpus inputs
// and to real infra YAML and checks the data is unchanged.
func TestFixesKeepData(t *testing.T) {
	path := corpus.Sub(t, "yamllint-cases/yamllint-cases.jsonl")
	fh, err := os.Open(path)
	if err != nil {
		t.Skip(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	applied, inputs := 0, 0
	for sc.Scan() {
		var c yamllintCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		conf, err := yamllintRuleConfig(c.Config)
		if err != nil {
			continue
		}
		inputs++
		applied += checkFixesKeepData(t, c.Test, c.Input, conf)
	}
	// Real files: every rule on, with yamllint's default options.
	all := map[string]map[string]any{}
	for _, r := range All() {
		if r.Category == "style" {
			all[r.ID] = map[string]any{}
		}
	}
	root := filepath.Dir(filepath.Dir(path))
	files := 0
	for _, dir := range []string{"workflows", "k8s"} {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || files >= 400 || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			files++
			applied += checkFixesKeepData(t, p, string(src), all)
			return nil
		})
	}
	t.Logf("applied %d fixes over %d corpus cases and %d files; data unchanged", applied, inputs, files)
	if applied == 0 {
		t.Error("no fix was applied")
	}
}

func TestTokenTreeTerminates(t *testing.T) {
	// Token streams PyYAML scans but cannot parse must not loop.
	for _, src := range []string{"name: [unclosed\n---\nkey: value\nkey: again\n", "a: {b\n...\n", "- a\n b: c\n"} {
		d := buildStyle([]byte(src))
		tokenTree(d.toks)
	}
	if _, ok := tokenTree(buildStyle([]byte("a: [b, {c: d}]\n")).toks); !ok {
		t.Error("a valid stream was not parsed")
	}
}

// TestStyleRulesNeverPanic runs every style rule with default options over
// the yaml-test-suite inputs (valid and invalid YAML, odd corners of the
// spec): a rule that panics surfaces as an "internal" diagnostic.
func TestStyleRulesNeverPanic(t *testing.T) {
	root := filepath.Join(filepath.Dir(filepath.Dir(corpus.Sub(t, "yamllint-cases/yamllint-cases.jsonl"))), "yaml-test-suite")
	files, _ := filepath.Glob(filepath.Join(root, "*", "in.yaml"))
	more, _ := filepath.Glob(filepath.Join(root, "*", "*", "in.yaml"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Skip("yaml-test-suite not found")
	}
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// Lint the raw bytes: the rules must not depend on the parser's view.
		f := &yamlfile.File{Path: "in.yaml", Src: src}
		for _, r := range All() {
			if r.Category != "style" {
				continue
			}
			Run(NewPass(r, f, nil, nil, 0, func(d diag.Diagnostic) {
				if d.Code == "internal" {
					t.Errorf("%s: %s", p, d.Message)
				}
				if d.Range.Start < 0 || d.Range.End > len(src) || d.Range.Start > d.Range.End {
					t.Errorf("%s: %s: bad range %v", p, d.Code, d.Range)
				}
				for _, fx := range d.Fixes {
					for _, e := range fx.Edits {
						if e.Range.Start < 0 || e.Range.End > len(src) || e.Range.Start > e.Range.End {
							t.Errorf("%s: %s: fix edit with a bad range %v", p, d.Code, e.Range)
						}
					}
				}
			}))
		}
	}
	t.Logf("%d yaml-test-suite inputs checked", len(files))
}

func TestOptionFixesKeepData(t *testing.T) {
	cases := []struct {
		src  string
		conf map[string]map[string]any
	}{
		// (Each case has at least one safe fix.)
		{"a: 1\n...\n---\nb: 2\n...\n# end\n", map[string]map[string]any{"document-end": {"present": false}}},
		{"---\na: 1\n", map[string]map[string]any{"document-start": {"present": false}}},
		{"- &a x\n- {*a  : 1}\n", map[string]map[string]any{"colons": {}}},
		{"-   a: 1\n    b:\n      - c\n-   - x\n    - y\n-   &k z\n", map[string]map[string]any{"hyphens": {}}},
		{"a: .5\nb: -.25e3\n", map[string]map[string]any{"float-values": {"require-numeral-before-decimal": true}}},
		{"a: 'x'\nb: \"y\"\nc: '1'\n", map[string]map[string]any{"quoted-strings": {"required": "only-when-needed"}}},
		{"a: x\nb: 'y'\n", map[string]map[string]any{"quoted-strings": {"quote-type": "double"}}},
	}
	for _, c := range cases {
		if n := checkFixesKeepData(t, c.src, c.src, c.conf); n == 0 {
			t.Errorf("%q: no fix applied", c.src)
		}
	}
	// Before a directive the end marker is required: no fix.
	src := "%YAML 1.2\n---\na: 1\n...\n%YAML 1.2\n---\nb: 2\n"
	_, diags := lintStyle("x.yaml", src, map[string]map[string]any{"document-end": {"present": false}})
	if len(diags) != 1 || len(diags[0].Fixes) != 0 {
		t.Errorf("document end before a directive: %+v", diags)
	}
}

func TestOffsetsAfterBOM(t *testing.T) {
	// PyYAML's token columns skip a byte order mark; line columns count it.
	src := "\uFEFF#comment\nkey:   value  \n"
	conf := map[string]map[string]any{"comments": {}, "colons": {}, "trailing-spaces": {}}
	_, diags := lintStyle("x.yaml", src, conf)
	want := map[string]int{"comments": 4, "colons": 18, "trailing-spaces": 24}
	if len(diags) != len(want) {
		t.Fatalf("diagnostics %+v", diags)
	}
	for _, d := range diags {
		if d.Range.Start != want[d.Code] {
			t.Errorf("%s at %d, want %d", d.Code, d.Range.Start, want[d.Code])
		}
	}
}
