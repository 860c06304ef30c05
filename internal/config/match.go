package config

import (
	"bufio"
	"bytes"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Matcher matches slash-separated relative paths against patterns in
// .gitignore syntax ("gitwildmatch", as yamllint's ignore and yaml-files
// use): "#" comments, "!" negation (the last matching pattern wins), a
// leading "/" or an inner "/" anchors to the base directory, a trailing "/"
// matches directories only, "**" spans directories, and a pattern matching a
// directory matches everything below it.
type Matcher struct {
	pats []pattern
}

type pattern struct {
	glob    string
	neg     bool
	dirOnly bool
}

// NewMatcher compiles patterns; blank lines and comments are skipped.
func NewMatcher(lines []string) *Matcher {
	m := &Matcher{}
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		var p pattern
		if strings.HasPrefix(l, "!") {
			p.neg, l = true, l[1:]
		} else if strings.HasPrefix(l, `\!`) || strings.HasPrefix(l, `\#`) {
			l = l[1:]
		}
		if strings.HasSuffix(l, "/") {
			p.dirOnly, l = true, strings.TrimRight(l, "/")
		}
		l = strings.TrimPrefix(l, "./")
		switch {
		case strings.HasPrefix(l, "/"):
			l = l[1:]
		case strings.HasPrefix(l, "**/"):
		case !strings.Contains(l, "/"):
			l = "**/" + l
		}
		if l == "" {
			continue
		}
		p.glob = l
		m.pats = append(m.pats, p)
	}
	return m
}

// ParsePatternText splits a gitignore-style text into lines.
func ParsePatternText(b []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// Empty reports whether the matcher has no patterns.
func (m *Matcher) Empty() bool { return m == nil || len(m.pats) == 0 }

// Match reports whether rel (relative, slash-separated) is matched; isDir
// tells whether rel itself is a directory.
func (m *Matcher) Match(rel string, isDir bool) bool {
	if m.Empty() {
		return false
	}
	rel = strings.Trim(rel, "/")
	if rel == "" || rel == "." {
		return false
	}
	matched := false
	for _, p := range m.pats {
		if p.neg == matched && p.matches(rel, isDir) {
			matched = !p.neg
		}
	}
	return matched
}

// matches tries the pattern on rel and on each of its parent directories.
func (p pattern) matches(rel string, isDir bool) bool {
	for i := 0; i <= len(rel); i++ {
		if i < len(rel) && rel[i] != '/' {
			continue
		}
		prefix := rel[:i]
		prefixIsDir := i < len(rel) || isDir
		if p.dirOnly && !prefixIsDir {
			continue
		}
		if ok, _ := doublestar.Match(p.glob, prefix); ok {
			return true
		}
	}
	return false
}
