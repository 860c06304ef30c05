// Package gitdiff finds the lines changed since a git revision, for
// --new-from-rev: the working tree (staged or not) compared with the
// revision, untracked files counting as wholly new.
//
// git runs with external diff drivers and text conversion switched off, so a
// repository's attributes cannot make it run other programs.
package gitdiff

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// timeout bounds each git command.
const timeout = 2 * time.Minute

// Changes holds the lines changed since a revision.
type Changes struct {
	Rev  string // as given
	root string // the repository's top level, symlinks resolved
	// lines maps a slash path relative to root to its changed 1-based
	// line ranges (kept as ranges: a hunk's size is not a reason to
	// allocate).
	lines     map[string][]lineRange
	untracked map[string]bool
}

// Since runs git in dir (the working directory when "") and collects the
// lines changed since rev. Its errors are meant for the user as they are.
func Since(dir, rev string) (*Changes, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, errors.New("--new-from-rev needs git, and git is not installed (or not on PATH)")
	}
	if rev == "" || strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("--new-from-rev: %q is not a revision", rev)
	}
	top, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev: not inside a git repository (%v)", err)
	}
	root := strings.TrimSpace(string(top))
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	sha, err := git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev: unknown revision %q in %s", rev, root)
	}
	c := &Changes{Rev: rev, root: root, lines: map[string][]lineRange{}, untracked: map[string]bool{}}
	diff, err := git(root, "-c", "core.quotepath=off", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
		"--no-renames", "--src-prefix=a/", "--dst-prefix=b/", "-U0", strings.TrimSpace(string(sha)), "--")
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev: git diff: %v", err)
	}
	if err := c.parseDiff(bytes.NewReader(diff)); err != nil {
		return nil, fmt.Errorf("--new-from-rev: reading git diff: %v", err)
	}
	others, err := git(root, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev: git ls-files: %v", err)
	}
	for _, p := range strings.Split(string(others), "\x00") {
		if p != "" {
			c.untracked[p] = true
		}
	}
	return c, nil
}

func git(dir string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, errors.New(msg)
		}
		return nil, err
	}
	return out, nil
}

// parseDiff reads a -U0 unified diff: "+++ b/PATH" names the file, each
// "@@ -a,b +c,d @@" adds lines c..c+d-1 (d defaults to 1; 0 is a pure
// deletion, which changes no line of the new file).
func (c *Changes) parseDiff(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	cur := ""
	continued := false
	for {
		line, isPrefix, err := br.ReadLine()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		wasContinued := continued
		continued = isPrefix
		if wasContinued {
			continue // the rest of a long content line
		}
		switch {
		case bytes.HasPrefix(line, []byte("+++ ")):
			name := string(line[4:])
			if name == "/dev/null" {
				cur = ""
				continue
			}
			if strings.HasPrefix(name, `"`) {
				if u, err := strconv.Unquote(name); err == nil {
					name = u
				}
			}
			cur = strings.TrimPrefix(name, "b/")
		case bytes.HasPrefix(line, []byte("@@ ")) && cur != "":
			start, count, ok := newRange(string(line))
			if !ok {
				return fmt.Errorf("unexpected hunk header %q", line)
			}
			if count > 0 {
				c.lines[cur] = append(c.lines[cur], lineRange{start, start + count})
			}
		}
	}
}

// newRange parses the "+c,d" part of a hunk header.
func newRange(h string) (start, count int, ok bool) {
	i := strings.Index(h, " +")
	if i < 0 {
		return 0, 0, false
	}
	rest := h[i+2:]
	if j := strings.IndexByte(rest, ' '); j >= 0 {
		rest = rest[:j]
	}
	s, n, hasCount := strings.Cut(rest, ",")
	start, err := strconv.Atoi(s)
	if err != nil {
		return 0, 0, false
	}
	count = 1
	if hasCount {
		if count, err = strconv.Atoi(n); err != nil {
			return 0, 0, false
		}
	}
	return start, count, true
}

// Changed reports whether line (1-based) of path changed since the
// revision. Untracked files are wholly new; a file outside the repository
// cannot be judged and counts as changed, so nothing is hidden by mistake.
func (c *Changes) Changed(path string, line int) bool {
	rel, inside := c.rel(path)
	if !inside {
		return true
	}
	if c.untracked[rel] {
		return true
	}
	for _, r := range c.lines[rel] {
		if line >= r.from && line < r.to {
			return true
		}
	}
	return false
}

// lineRange is the lines [from, to).
type lineRange struct{ from, to int }

func (c *Changes) rel(path string) (string, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(dir, filepath.Base(abs))
	}
	rel, err := filepath.Rel(c.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}
