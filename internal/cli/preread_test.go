package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/engine"
)

// Inputs are read once before linting, within a budget: what is held is
// handed to its lint once; the rest (over the budget, unreadable, too
// large for the linter) is read again by the lint, which reports it.
func TestPrereadBudget(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"a.yaml", "b.yaml", "c.yaml"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("key: "+name+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	paths = append(paths, filepath.Join(dir, "missing.yaml"))
	cfg := config.Default(dir)
	l, err := engine.New(cfg, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	saved := prereadBudget
	defer func() { prereadBudget = saved }()
	prereadBudget = 30 // two of the three 13-byte files
	pr := readInputs(paths, []*engine.Linter{l}, 2)
	if len(pr.files) != 2 {
		t.Fatalf("held %d files, want 2 within the budget", len(pr.files))
	}
	for _, p := range paths[:3] {
		if src := pr.read(l, p); string(src) != "key: "+filepath.Base(p)+"\n" {
			t.Errorf("%s: pre-pass read %q", p, src)
		}
	}
	taken := 0
	for _, p := range paths {
		if pr.take(p) != nil {
			taken++
		}
		if pr.take(p) != nil {
			t.Errorf("%s handed out twice", p)
		}
	}
	if taken != 2 {
		t.Errorf("%d files handed to their lint, want 2", taken)
	}
	for _, p := range paths {
		f := lintPath(l, p, pr, true)
		if filepath.Base(p) == "missing.yaml" {
			if len(f.Diagnostics) != 1 || f.Diagnostics[0].Code != "io" {
				t.Errorf("missing file: %+v", f.Diagnostics)
			}
		} else if len(f.Diagnostics) != 0 {
			t.Errorf("%s: %+v", p, f.Diagnostics)
		}
	}
}
