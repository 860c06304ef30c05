package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/yamlint/yamlint/internal/config"
)

// TestFileBudget: when a file's checks run past the time budget, the rest
// are skipped and one diagnostic names the check that did not run and how
// many others; the parse's own findings are kept. The next file starts a
// fresh budget.
func TestFileBudget(t *testing.T) {
	l, err := New(config.Default("."), Options{})
	if err != nil {
		t.Fatal(err)
	}
	src := []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\nk: 1\nk: 2\n")
	l.FileBudget = time.Nanosecond
	res := l.Lint("cm.yaml", src)
	var budget, dup int
	for _, d := range res.Diagnostics {
		switch d.Code {
		case TimeBudgetCode:
			budget++
			want := "checks stopped after 1ns (the time budget per file): Kubernetes validation did not run, nor "
			if !strings.HasPrefix(d.Message, want) || !strings.HasSuffix(d.Message, " later checks") {
				t.Errorf("message %q", d.Message)
			}
		case "duplicate-key":
			dup++
		}
	}
	if budget != 1 || dup != 1 {
		t.Fatalf("want one time-budget and the duplicate key, got %+v", res.Diagnostics)
	}
	l.FileBudget = 0 // the default: ample
	for _, d := range l.Lint("cm.yaml", src).Diagnostics {
		if d.Code == TimeBudgetCode {
			t.Fatalf("default budget exceeded: %+v", d)
		}
	}
}
