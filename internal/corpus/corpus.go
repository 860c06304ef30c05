// Package corpus locates ../shared/corpus, the real-world YAML the tests
// read in place (it is never copied into this repository).
package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Dir returns the corpus directory, or skips the test with a message when
// it is absent (a clone without the shared folder next to it).
func Dir(t testing.TB) string {
	t.Helper()
	if d := Find(); d != "" {
		return d
	}
	t.Skip("../shared/corpus not found next to the repository; corpus tests skipped")
	return ""
}

// Sub returns the corpus directory sub ("k8s/manifests"), or skips the test
// when it is absent.
func Sub(t testing.TB, sub string) string {
	t.Helper()
	d := filepath.Join(Dir(t), filepath.FromSlash(sub))
	if _, err := os.Stat(d); err != nil {
		t.Skipf("corpus %s not found; skipped", sub)
	}
	return d
}

// YAMLFiles lists the *.yaml and *.yml files under the corpus directories
// subs, sorted; it skips the test when there are none.
func YAMLFiles(t testing.TB, subs ...string) []string {
	t.Helper()
	root := Dir(t)
	var files []string
	for _, sub := range subs {
		dir := filepath.Join(root, filepath.FromSlash(sub))
		if _, err := os.Stat(dir); err != nil {
			t.Logf("%s absent; skipped", dir)
			continue
		}
		files = append(files, yamlUnder(dir)...)
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Skipf("no YAML under the corpus directories %v", subs)
	}
	return files
}

// WithTestdata lists the *.yaml and *.yml files under testdataDir (relative
// to the test's package) and under the whole corpus when it is present (a
// message says when it is not), for tests that compare two
// implementations over every input there is.
func WithTestdata(t testing.TB, testdataDir string) []string {
	t.Helper()
	files := yamlUnder(testdataDir)
	if root := Find(); root != "" {
		files = append(files, yamlUnder(root)...)
	} else {
		t.Log("../shared/corpus not found: compared over testdata only")
	}
	return files
}

// yamlUnder lists the *.yaml and *.yml files under dir, in walk order.
func yamlUnder(dir string) []string {
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			files = append(files, p)
		}
		return nil
	})
	return files
}

// Find returns the corpus directory or "" (YAMLINT_CORPUS overrides). It is
// the shared/corpus of the nearest ancestor of the working directory that
// has one: the repository's sibling, also from a worktree nested deeper.
func Find() string {
	if d := os.Getenv("YAMLINT_CORPUS"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		c := filepath.Join(dir, "shared", "corpus")
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
