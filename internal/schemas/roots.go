package schemas

import (
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/yamlint/yamlint/internal/safefs"
)

// ErrOutsideRoots refuses a local schema outside the directories a
// repository may name schemas in. The message is the same whether the file
// exists or not.
var ErrOutsideRoots = errors.New("local schema outside the repository or workspace root; not read (a modeline or repository config may only name schemas inside it: widen with --allow-schema-path DIR or the editor setting yamlint.allowSchemaPaths)")

// Roots are the directories local schema files may be read from: the
// repository (or workspace) roots of the files being checked, the config
// file's directory, and whatever the user allowed (flag, editor setting,
// the directories of schemas the user named). A modeline, a repository's
// config or a schema's $ref cannot reach outside them: /etc/passwd,
// /proc/self/environ or ../../x.json are refused before any file system
// access, and a symlink inside a root that resolves outside is refused the
// same way.
//
// A nil *Roots confines nothing. It is safe for concurrent use.
type Roots struct {
	mu   sync.RWMutex
	dirs []root
	// inRepo holds the file directories AddFileRoot resolved: whether a
	// repository (a .git above) holds them.
	inRepo map[string]bool
}

type root struct{ abs, real string }

// NewRoots returns an empty set (which allows nothing local).
func NewRoots() *Roots { return &Roots{inRepo: map[string]bool{}} }

// Add allows dir and everything under it.
func (r *Roots) Add(dir string) {
	if r == nil || dir == "" {
		return
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	real := abs
	if rp, err := filepath.EvalSymlinks(abs); err == nil {
		real = rp
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range r.dirs {
		if d.abs == abs {
			return
		}
	}
	r.dirs = append(r.dirs, root{abs, real})
}

// AddFileRoot allows the root of the file at path: the nearest directory
// above it holding .git, else the file's own directory.
func (r *Roots) AddFileRoot(path string) {
	r.InRepository(path)
}

// InRepository reports whether the file at path lies in a repository (a
// directory above it holds .git), allowing its root as AddFileRoot does.
// Each directory is looked up once.
func (r *Roots) InRepository(path string) bool {
	if r == nil {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	dir := filepath.Dir(abs)
	r.mu.RLock()
	in, done := r.inRepo[dir]
	r.mu.RUnlock()
	if done {
		return in
	}
	root := safefs.RepoRoot(dir)
	in = root != ""
	if !in {
		root = dir
	}
	r.Add(root)
	r.mu.Lock()
	r.inRepo[dir] = in
	r.mu.Unlock()
	return in
}

// Check returns nil when path may be read: it lies in a root lexically
// and, with symlinks resolved, still does.
func (r *Roots) Check(path string) error {
	if r == nil {
		return nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return ErrOutsideRoots
	}
	r.mu.RLock()
	dirs := r.dirs
	r.mu.RUnlock()
	inside := false
	for _, d := range dirs {
		if safefs.Within(abs, d.abs) || safefs.Within(abs, d.real) {
			inside = true
			break
		}
	}
	if !inside {
		return ErrOutsideRoots // decided before touching the file system
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		// Missing: say so only when the file itself is absent from a
		// directory that resolves inside a root; a dangling symlink, or a
		// directory symlink leading out, must not tell whether its target
		// exists.
		if _, lerr := os.Lstat(abs); errors.Is(lerr, os.ErrNotExist) {
			if parent, perr := filepath.EvalSymlinks(filepath.Dir(abs)); perr == nil && within(parent, dirs) {
				var pe *fs.PathError
				if errors.As(lerr, &pe) {
					return pe.Err // "no such file or directory"
				}
				return lerr
			}
		}
		return ErrOutsideRoots
	}
	if within(real, dirs) {
		return nil
	}
	return ErrOutsideRoots
}

func within(real string, dirs []root) bool {
	for _, d := range dirs {
		if safefs.Within(real, d.real) || safefs.Within(real, d.abs) {
			return true
		}
	}
	return false
}

// LocalPath returns the file path of a file:// schema URL.
func LocalPath(u string) (string, bool) {
	if !strings.HasPrefix(u, "file://") {
		return "", false
	}
	p := filepath.FromSlash(strings.TrimPrefix(stripFragment(u), "file://"))
	if unesc, err := url.PathUnescape(p); err == nil {
		p = unesc
	}
	return p, true
}
