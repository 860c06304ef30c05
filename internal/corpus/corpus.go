// Package corpus locates ../shared/corpus, the real-world YAML the tests
// read in place (it is never copied into this repository).
package corpus

import (
	"os"
	"path/filepath"
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

// Find returns the corpus directory or "" (YAMLINT_CORPUS overrides).
func Find() string {
	if d := os.Getenv("YAMLINT_CORPUS"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			c := filepath.Join(dir, "..", "shared", "corpus")
			if st, err := os.Stat(c); err == nil && st.IsDir() {
				return filepath.Clean(c)
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
