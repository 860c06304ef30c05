package schemas

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/yamlint/yamlint/internal/safefs"
)

// TestRootsMemoMatchesFileSystem: the memoized walks give what
// safefs.RepoRoot and filepath.EvalSymlinks give, through symlinked
// directories, nested repositories and directories in no repository.
func TestRootsMemoMatchesFileSystem(t *testing.T) {
	tmp, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	mk := func(p string) string {
		p = filepath.Join(tmp, p)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mk("repo/.git")
	mk("repo/a/b/c")
	mk("repo/sub/.git")
	mk("repo/sub/x/y")
	mk("plain/d/e")
	mk("elsewhere/f")
	if err := os.Symlink(filepath.Join(tmp, "elsewhere"), filepath.Join(tmp, "repo/a/link")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink(filepath.Join(tmp, "repo/a"), filepath.Join(tmp, "plain/toa")); err != nil {
		t.Fatal(err)
	}
	r := NewRoots()
	dirs := []string{"repo/a/b/c", "repo/a/b", "repo", "repo/sub/x/y", "repo/sub", "plain/d/e", "plain/d",
		"repo/a/link", "repo/a/link/f", "plain/toa/b/c", "plain/toa/link/f", "missing/dir", "repo/a/b/c"}
	for _, d := range dirs {
		abs := filepath.Join(tmp, d)
		r.walkMu.Lock()
		gotRoot, gotReal := r.repoOf.Of(abs), r.realPath(abs)
		r.walkMu.Unlock()
		if want := safefs.RepoRoot(abs); gotRoot != want {
			t.Errorf("%s: repository root %q, want %q", d, gotRoot, want)
		}
		want, err := filepath.EvalSymlinks(abs)
		if err != nil {
			want = abs
		}
		if gotReal != want {
			t.Errorf("%s: resolved %q, want %q", d, gotReal, want)
		}
	}
	// A root added through a symlink still confines by where it leads.
	for _, f := range []string{"elsewhere/f/s.json", "plain/d/s.json"} {
		if err := os.WriteFile(filepath.Join(tmp, f), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r.Add(filepath.Join(tmp, "repo/a/link"))
	if err := r.Check(filepath.Join(tmp, "elsewhere/f/s.json")); err != nil {
		t.Errorf("a file under a root reached through a symlink: %v", err)
	}
	if err := r.Check(filepath.Join(tmp, "plain/d/s.json")); !errors.Is(err, ErrOutsideRoots) {
		t.Errorf("a file outside every root allowed")
	}
}
