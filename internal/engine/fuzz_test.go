package engine

import (
	"reflect"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// fuzzPaths are the file names a fuzzed text is checked under: each turns
// on a different set of checks (Kubernetes, GitHub Actions, GitLab CI,
// compose).
var fuzzPaths = []string{"f.yaml", ".github/workflows/ci.yml", ".gitlab-ci.yml", "compose.yaml"}

// FuzzLint: checking never panics (a recovered panic becomes an "internal"
// diagnostic), and after an edit the cached check (the language server's
// path) reports exactly what a fresh check does.
func FuzzLint(f *testing.F) {
	for i, s := range corpus.FuzzSeeds("../../testdata") {
		f.Add(s, uint8(i), uint16(len(s)/2), uint8(3), "x: 1\n")
	}
	l, err := New(config.Default("."), Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte, which uint8, at uint16, del uint8, insert string) {
		path := fuzzPaths[int(which)%len(fuzzPaths)]
		cache := yamlfile.NewCache()
		first := l.LintCached(path, src, cache)
		noInternal(t, first)
		pos := min(int(at), len(src))
		end := min(pos+int(del), len(src))
		edited := append(append(append([]byte(nil), src[:pos]...), insert...), src[end:]...)
		got := l.LintCached(path, edited, cache)
		want := l.Lint(path, edited)
		noInternal(t, want)
		if !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
			t.Fatalf("cached check differs from a fresh one after an edit\ncached %+v\nfresh  %+v\ntext %q", got.Diagnostics, want.Diagnostics, edited)
		}
	})
}

func noInternal(t *testing.T, r Result) {
	t.Helper()
	for _, d := range r.Diagnostics {
		if d.Code == "internal" || d.Code == TimeBudgetCode {
			t.Fatalf("%s: %s", d.Code, d.Message)
		}
	}
}
