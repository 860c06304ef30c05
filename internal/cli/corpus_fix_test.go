package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/rules"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// corpusYAML lists the real YAML files of the corpus directories the fix
// and yamllint comparisons run over, read in place.
func corpusYAML(t *testing.T) []string {
	root := corpus.Dir(t)
	var files []string
	for _, sub := range []string{"workflows", filepath.Join("k8s", "manifests")} {
		dir := filepath.Join(root, sub)
		if _, err := os.Stat(dir); err != nil {
			t.Logf("%s absent; skipped", dir)
			continue
		}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				files = append(files, p)
			}
			return nil
		})
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Skip("no corpus YAML found")
	}
	return files
}

// allRulesConfig turns on every yamllint rule (yamllint's defaults for the
// options) so every fix the style rules offer is exercised.
func allRulesConfig() string {
	var b strings.Builder
	b.WriteString("extends: default\nrules:\n")
	for _, id := range config.YamllintRuleIDs() {
		fmt.Fprintf(&b, "  %s: enable\n", id)
	}
	b.WriteString("  x-test-eof: enable\n")
	return b.String()
}

// TestCorpusFix runs `yamlint --fix` over a temporary copy of the corpus
// with every rule on, then checks that (1) re-checking finds no problem
// left that has a fix, (2) a second --fix changes nothing, and (3) every
// fixed file parses to the same data as the original. It runs with
// whatever rules are registered.
func TestCorpusFix(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus fix run skipped in -short mode")
	}
	files := corpusYAML(t)
	cfgDir := t.TempDir()
	cfgPath := filepath.Join(cfgDir, "all.yamllint.yaml")
	if err := os.WriteFile(cfgPath, []byte(allRulesConfig()), 0o644); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	copies := make([]string, len(files))
	for i, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		copies[i] = filepath.Join(work, fmt.Sprintf("%04d%s", i, filepath.Ext(f)))
		if err := os.WriteFile(copies[i], src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, stderr := runCLI(t, "", "--format", "json", "-c", cfgPath, "--fix", work); code == ExitFailure {
		t.Fatalf("--fix failed: %s", stderr)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	l, err := engine.New(cfg, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	changed, leftFixable, dataChanged, brokenSkipped := 0, 0, 0, 0
	byCode := map[string]int{}
	for i, f := range files {
		orig, _ := os.ReadFile(f)
		fixed, _ := os.ReadFile(copies[i])
		if bytes.Equal(orig, fixed) {
			continue
		}
		changed++
		res := l.Lint(copies[i], fixed)
		if left := fixable(res.Diagnostics); len(left) > 0 {
			leftFixable++
			for _, d := range left {
				byCode[d.Code]++
			}
			if leftFixable <= 5 {
				p := res.File.Lines.Position(left[0].Range.Start)
				t.Errorf("%s: fixable problem left after --fix: %d:%d %s [%s]", f, p.Line, p.Column, left[0].Message, left[0].Code)
			}
		}
		a := yamlfile.Parse(f, orig, yamlfile.Options{})
		b := yamlfile.Parse(f, fixed, yamlfile.Options{})
		if len(a.Syntax) > 0 {
			brokenSkipped++ // values of a broken file are not comparable
			continue
		}
		if msg := sameData(a, b); msg != "" {
			dataChanged++
			if dataChanged <= 5 {
				t.Errorf("%s: --fix changed the data: %s", f, msg)
			}
		}
	}
	// Idempotence: a second --fix over the fixed copies changes nothing.
	before := make([][]byte, len(copies))
	for i, c := range copies {
		before[i], _ = os.ReadFile(c)
	}
	runCLI(t, "", "--format", "json", "-c", cfgPath, "--fix", work)
	second := 0
	for i, c := range copies {
		after, _ := os.ReadFile(c)
		if !bytes.Equal(before[i], after) {
			second++
			if second <= 5 {
				t.Errorf("%s: a second --fix changed the file again", files[i])
			}
		}
	}
	var ids []string
	for _, r := range rules.All() {
		ids = append(ids, r.ID)
	}
	t.Logf("corpus --fix: %d files, %d changed, %d with fixable problems left, %d changed again by a second --fix, %d with changed data (%d syntax-broken originals not compared); left by code: %v",
		len(files), changed, leftFixable, second, dataChanged, brokenSkipped, byCode)
}

// sameData compares the documents' values; "" when equal.
func sameData(a, b *yamlfile.File) string {
	if len(b.Syntax) > 0 {
		return "fixed file has a syntax error: " + b.Syntax[0].Message
	}
	if len(a.Docs) != len(b.Docs) {
		return fmt.Sprintf("%d documents became %d", len(a.Docs), len(b.Docs))
	}
	for i := range a.Docs {
		if !sameValue(a.Docs[i].Value(), b.Docs[i].Value()) {
			return fmt.Sprintf("document %d differs", i+1)
		}
	}
	return ""
}

func sameValue(x, y any) bool {
	switch a := x.(type) {
	case map[string]any:
		b, ok := y.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, v := range a {
			w, ok := b[k]
			if !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	case []any:
		b, ok := y.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !sameValue(a[i], b[i]) {
				return false
			}
		}
		return true
	case float64:
		b, ok := y.(float64)
		return ok && (a == b || (math.IsNaN(a) && math.IsNaN(b)))
	}
	return x == y
}
