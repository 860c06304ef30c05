// Package workspace is how checks read files other than the one being
// checked (a GitLab include, a called reusable workflow, a compose
// override): the editor's unsaved buffers first, then the disk. Reads are
// bounded and typed (regular files only, at most MaxSize bytes) and cached
// until the file's size or modification time changes, so the language
// server can re-check on every keystroke without re-reading neighbours.
package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/yamlint/yamlint/internal/safefs"
)

// DefaultMaxSize bounds one file read through the workspace.
const DefaultMaxSize = 10 << 20

// ErrNotRegular is returned for devices, FIFOs, sockets and directories.
var ErrNotRegular = errors.New("not a regular file")

// FS reads files for checks. The zero value is not usable; call New. It is
// safe for concurrent use.
type FS struct {
	// MaxSize bounds one read; larger files fail with an error.
	MaxSize int64

	mu       sync.Mutex
	overlays map[string][]byte // absolute path -> editor buffer
	cache    map[string]cached
}

type cached struct {
	size  int64
	mtime int64
	data  []byte
}

// New returns a workspace reading the disk, with no editor buffers.
func New() *FS {
	return &FS{MaxSize: DefaultMaxSize, overlays: map[string][]byte{}, cache: map[string]cached{}}
}

func abs(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return filepath.Clean(path)
}

// SetOverlay makes reads of path return text (an editor's buffer).
func (w *FS) SetOverlay(path string, text []byte) {
	w.mu.Lock()
	w.overlays[abs(path)] = text
	w.mu.Unlock()
}

// RemoveOverlay makes reads of path go to the disk again.
func (w *FS) RemoveOverlay(path string) {
	w.mu.Lock()
	delete(w.overlays, abs(path))
	w.mu.Unlock()
}

// ReadFile returns the content of path: the editor's buffer if there is
// one, else the file on disk if it is a regular file within MaxSize.
func (w *FS) ReadFile(path string) ([]byte, error) {
	a := abs(path)
	w.mu.Lock()
	if b, ok := w.overlays[a]; ok {
		w.mu.Unlock()
		return b, nil
	}
	w.mu.Unlock()
	st, err := os.Stat(a) // follows links: the target must be regular
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", path, ErrNotRegular)
	}
	if st.Size() > w.MaxSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, w.MaxSize)
	}
	mtime := st.ModTime().UnixNano()
	w.mu.Lock()
	c, ok := w.cache[a]
	w.mu.Unlock()
	if ok && c.size == st.Size() && c.mtime == mtime {
		return c.data, nil
	}
	data, err := safefs.ReadFile(a, w.MaxSize) // re-checks what was opened
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.cache[a] = cached{size: st.Size(), mtime: mtime, data: data}
	w.mu.Unlock()
	return data, nil
}

// Exists reports whether path is an editor buffer or exists on disk.
func (w *FS) Exists(path string) bool {
	a := abs(path)
	w.mu.Lock()
	_, ok := w.overlays[a]
	w.mu.Unlock()
	if ok {
		return true
	}
	_, err := os.Stat(a)
	return err == nil
}

// ReadDir lists a directory on disk.
func (w *FS) ReadDir(dir string) ([]fs.DirEntry, error) { return os.ReadDir(dir) }

// Glob returns the files matching a doublestar pattern (an absolute or
// relative file path pattern) on disk.
func (w *FS) Glob(pattern string) ([]string, error) { return doublestar.FilepathGlob(pattern) }
