package config

import (
	"os"
	"path/filepath"
	"testing"
)

// The resolver, which remembers each directory's lookup, finds what Find
// finds from every directory of a tree with config files and repository
// roots at several levels, asked in any order, and forgets on Forget.
func TestResolverMatchesFind(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no user config
	t.Setenv("HOME", t.TempDir())
	t.Setenv("YAMLLINT_CONFIG_FILE", "")
	root := t.TempDir()
	dirs := []string{"a", "a/b", "a/b/c", "a/b/c/d", "a/e", "a/e/f", "g", "g/h", "g/h/i", "g/h/i/j"}
	for _, d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p string) {
		if err := os.WriteFile(filepath.Join(root, p), []byte("rules: {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/.yamlint.yaml")
	write("a/b/c/.yamllint")
	if err := os.Mkdir(filepath.Join(root, "g/h/.git"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("g/.yamlint.yaml") // above a repository root: not used inside it
	check := func(r *Resolver) {
		for _, order := range [][]string{dirs, reversed(dirs)} {
			for _, d := range order {
				dir := filepath.Join(root, d)
				if got, want := r.PathForDir(dir), Find(dir); got != want {
					t.Errorf("%s: resolver %q, Find %q", d, got, want)
				}
			}
		}
	}
	r := &Resolver{}
	check(r)
	if got := r.PathForDir(filepath.Join(root, "g/h/i/j")); got != "" {
		t.Errorf("inside a repository, a config above its root was used: %q", got)
	}
	write("a/e/.yamlint.yml")
	r.Forget()
	check(r)
}

func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}
