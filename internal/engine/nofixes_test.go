package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
)

// Options.NoFixes (the command line without --fix) changes no finding: it
// only drops fixes, and at least the costly re-indentation fixes are
// really skipped.
func TestNoFixesKeepsFindings(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "rules", "testdata", "*", "*.yaml"))
	if len(paths) < 50 {
		t.Fatalf("only %d rule cases found", len(paths))
	}
	cfg, err := config.Parse(".yamlint.yaml", []byte("extends: default\n"))
	if err != nil {
		t.Fatal(err)
	}
	with, err := New(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	without, err := New(cfg, Options{NoFixes: true})
	if err != nil {
		t.Fatal(err)
	}
	fixesWith, fixesWithout, indentFixes, indentFixesWithout := 0, 0, 0, 0
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		render := func(l *Linter) (out []string, fixes int, indent int) {
			for _, d := range l.Lint(p, src).Diagnostics {
				out = append(out, fmt.Sprintf("%d-%d %s %s %s", d.Range.Start, d.Range.End, d.Severity, d.Code, d.Message))
				fixes += len(d.Fixes)
				if d.Code == "indentation" {
					indent += len(d.Fixes)
				}
			}
			return out, fixes, indent
		}
		a, n, ind := render(with)
		b, m, indWithout := render(without)
		indentFixesWithout += indWithout
		fixesWith += n
		fixesWithout += m
		indentFixes += ind
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: findings differ with NoFixes:\n%s\nvs\n%s", p, strings.Join(a, "\n"), strings.Join(b, "\n"))
		}
	}
	if indentFixes == 0 || indentFixesWithout != 0 || fixesWithout >= fixesWith {
		t.Errorf("fixes: %d with, %d with NoFixes; indentation: %d with, %d with NoFixes (want some, then none)",
			fixesWith, fixesWithout, indentFixes, indentFixesWithout)
	}
}
