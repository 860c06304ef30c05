// Package safefs reads files that an untrusted input may name (a file on the
// command line, a modeline's schema, a $ref, a config file, a CRD): only
// regular files are read, and never more than a size limit. The size is
// checked before reading (stat) and enforced while reading, so a file that
// grows, a device such as /dev/zero, a FIFO or a socket (or a symlink to
// one) can neither hang the caller nor exhaust its memory.
package safefs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// NotRegularError is returned for a path that is not a regular file (after
// following symlinks): a directory, device, FIFO or socket.
type NotRegularError struct {
	Kind string // "directory", "character device", "FIFO", "socket", ...
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("not a regular file (%s)", e.Kind)
}

// TooLargeError is returned for a file larger than the limit.
type TooLargeError struct {
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("larger than %d bytes", e.Limit)
}

// IsNotRegular reports whether err says the file was not a regular file.
func IsNotRegular(err error) bool {
	var e *NotRegularError
	return errors.As(err, &e)
}

// IsTooLarge reports whether err says the file was over the size limit.
func IsTooLarge(err error) bool {
	var e *TooLargeError
	return errors.As(err, &e)
}

// kind names a non-regular file mode.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m&fs.ModeNamedPipe != 0:
		return "FIFO"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "block device"
	case m&fs.ModeIrregular != 0:
		return "irregular file"
	}
	return "special file"
}

// ReadFile reads the regular file at path, following symlinks, refusing
// anything larger than max bytes (max <= 0: no size limit, but still only a
// regular file). Errors are *fs.PathError wrapping the cause:
// *NotRegularError, *TooLargeError or the operating system's error.
func ReadFile(path string, max int64) ([]byte, error) {
	return read(path, max, false)
}

// ReadPrefix reads at most max+1 bytes of the regular file at path (max > 0),
// with ReadFile's checks but no size error: the caller learns the file is
// too big from the length (the engine reports file-size itself).
func ReadPrefix(path string, max int64) ([]byte, error) {
	return read(path, max, true)
}

func read(path string, max int64, prefix bool) ([]byte, error) {
	limit := max
	if prefix {
		limit = 0 // the size is not an error; the read stops at max+1
	}
	// Stat first: a non-regular or oversized file is refused without being
	// opened (opening a FIFO would block; opening a device can have effects).
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := check(path, st, limit); err != nil {
		return nil, err
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have been swapped between Stat and Open: check what was
	// actually opened.
	st, err = f.Stat()
	if err != nil {
		return nil, err
	}
	if err := check(path, st, limit); err != nil {
		return nil, err
	}
	var r io.Reader = f
	if max > 0 {
		r = io.LimitReader(f, max+1) // a file growing past the limit is caught
	}
	size := st.Size()
	if max > 0 && size > max {
		size = max + 1
	}
	var b bytes.Buffer
	b.Grow(int(size) + bytes.MinRead) // one allocation when the size holds
	if _, err := b.ReadFrom(r); err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	buf := b.Bytes()
	if !prefix && max > 0 && int64(len(buf)) > max {
		return nil, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Limit: max}}
	}
	return buf, nil
}

func check(path string, st fs.FileInfo, max int64) error {
	if !st.Mode().IsRegular() {
		return &fs.PathError{Op: "read", Path: path, Err: &NotRegularError{Kind: kind(st.Mode())}}
	}
	if max > 0 && st.Size() > max {
		return &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Limit: max}}
	}
	return nil
}

// CheckRegular reports, without opening it, whether path is a regular file
// (following symlinks) no larger than max (max <= 0: any size).
func CheckRegular(path string, max int64) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	return check(path, st, max)
}

// RepoRoot returns the nearest directory at or above dir that holds a .git
// entry (a repository or worktree root), or "" when there is none.
func RepoRoot(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	return RepoRoots{}.Of(dir)
}

// RepoRoots is RepoRoot remembering the answer for every directory on the
// way up, for callers asking about many files of the same trees (a run's
// inputs). Not safe for concurrent use.
type RepoRoots map[string]string

// Of is RepoRoot(dir) for an absolute, clean dir.
func (m RepoRoots) Of(dir string) string {
	var walked []string
	found := ""
	for d := dir; ; {
		if v, ok := m[d]; ok {
			found = v
			break
		}
		walked = append(walked, d)
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			found = d
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	for _, w := range walked {
		m[w] = found
	}
	return found
}

// Within reports whether path is dir or lies under it (both absolute and
// clean; no file system access).
func Within(path, dir string) bool {
	if path == dir {
		return true
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// DefaultMaxSize is the limit for reads with no configured one (files a
// rule reads beside the one it checks, a chart's values.yaml): the default
// max-file-size.
const DefaultMaxSize = 10 << 20
