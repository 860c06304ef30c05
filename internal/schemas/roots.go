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
	has  map[string]bool // the dirs' abs paths
	// inRepo holds the file directories AddFileRoot resolved: whether a
	// repository (a .git above) holds them.
	inRepo map[string]bool

	// walkMu guards the memos below, which make each directory cost one
	// lstat however many files and roots lie under it: a run over a
	// thousand directories outside any repository walked up to / from
	// each and resolved each one's symlinks component by component.
	walkMu sync.Mutex
	repoOf safefs.RepoRoots  // directory -> its repository root, "" for none
	real   map[string]string // absolute directory -> symlinks resolved
}

type root struct{ abs, real string }

// NewRoots returns an empty set (which allows nothing local).
func NewRoots() *Roots {
	return &Roots{has: map[string]bool{}, inRepo: map[string]bool{}, repoOf: safefs.RepoRoots{}, real: map[string]string{}}
}

// Add allows dir and everything under it.
func (r *Roots) Add(dir string) {
	if r == nil || dir == "" {
		return
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	r.mu.RLock()
	known := r.has[abs]
	r.mu.RUnlock()
	if known {
		return
	}
	r.walkMu.Lock()
	real := r.realPath(abs)
	r.walkMu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.has[abs] {
		return
	}
	r.has[abs] = true
	r.dirs = append(r.dirs, root{abs, real})
}

// realPath is filepath.EvalSymlinks(abs) (abs itself when that fails),
// resolving through the memo of abs's parent: a directory that is no
// symlink is its resolved parent joined with its name. Callers hold
// walkMu.
func (r *Roots) realPath(abs string) string {
	if v, ok := r.real[abs]; ok {
		return v
	}
	out := abs
	parent := filepath.Dir(abs)
	if fi, err := os.Lstat(abs); err == nil && fi.Mode()&fs.ModeSymlink == 0 && parent != abs {
		out = filepath.Join(r.realPath(parent), filepath.Base(abs))
	} else if rp, err := filepath.EvalSymlinks(abs); err == nil {
		out = rp
	}
	r.real[abs] = out
	return out
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
	r.walkMu.Lock()
	root := r.repoOf.Of(dir)
	r.walkMu.Unlock()
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
