package cli

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/fix"
	"github.com/yamlint/yamlint/internal/output"
	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// maxFixPasses bounds the fix/re-check loop: a fix can reveal or cause a
// problem another fix resolves, or overlapping fixes wait for a later pass.
// Most files settle in one or two passes; a cycle (a text seen before)
// stops the loop early.
const maxFixPasses = 10

// fixMode is how --fix runs.
type fixMode struct {
	diff   bool // --diff: print a unified diff, write nothing
	unsafe bool // --unsafe-fixes: apply suggestions as well as safe fixes
}

// fixResult is what fixing one input produced.
type fixResult struct {
	file    output.File // problems left after fixing, positions in the fixed text
	applied int         // fixes applied over all passes
	changed bool
	fixed   []byte // the fixed text (when changed)
	diff    string
	err     error // writing the file failed
	stdin   bool
}

// fixSource lints src, applies the fixes, and re-checks until nothing more
// applies (at most maxFixPasses passes, stopping at a cycle).
func fixSource(l *engine.Linter, path string, src []byte, m fixMode) (engine.Result, []byte, int) {
	res := l.Lint(path, src)
	total := 0
	seen := map[[32]byte]bool{sha256.Sum256(src): true}
	for pass := 0; pass < maxFixPasses; pass++ {
		out, n := fix.Apply(src, fix.Fixable(res.Diagnostics, m.unsafe))
		if n == 0 || bytes.Equal(out, src) {
			break
		}
		h := sha256.Sum256(out)
		if seen[h] {
			break // fixes undo each other: stop where the cycle closes
		}
		seen[h] = true
		next := l.Lint(path, out)
		if !m.unsafe && !fixKeepsData(res, next) {
			// Safe fixes never change the data; one the data parser reads
			// differently (a parser quirk the rule could not foresee) is
			// not applied: the text stays as it was. (Suggestions, with
			// --unsafe-fixes, change data on purpose.)
			break
		}
		total += n
		src = out
		res = next
	}
	return res, src, total
}

// fixKeepsData reports whether the fixed text holds the data of the text
// before the fixes: the same documents and values, and no syntax error
// where there was none. A file read only approximately (template
// placeholders taken as text) has no data to compare.
func fixKeepsData(before, after engine.Result) bool {
	if before.File == nil || after.File == nil {
		return true
	}
	for _, d := range before.File.Docs {
		if d.Approximate {
			return true
		}
	}
	return yamlfile.SameData(before.File, after.File)
}

func fixPath(l *engine.Linter, path string, m fixMode) fixResult {
	src, err := safefs.ReadFile(path, l.Config.MaxFileSize)
	if err != nil {
		return fixResult{file: toOutput(l.Unreadable(path, err))}
	}
	res, fixed, n := fixSource(l, path, src, m)
	r := fixResult{file: toOutput(res), applied: n, changed: !bytes.Equal(src, fixed), fixed: fixed}
	if !r.changed {
		return r
	}
	if m.diff {
		r.diff = fix.Diff(filepath.ToSlash(path), src, fixed)
		return r
	}
	r.err = writeAtomic(path, fixed)
	return r
}

func fixStdin(l *engine.Linter, stdin io.Reader, name string, m fixMode) fixResult {
	if name == "" {
		name = "<stdin>"
	}
	src, err := io.ReadAll(io.LimitReader(stdin, l.Config.MaxFileSize+1))
	if err != nil {
		return fixResult{file: output.File{Path: name, Diagnostics: []diag.Diagnostic{{Severity: diag.SeverityError, Code: "io", Message: "cannot read standard input: " + err.Error()}}}}
	}
	res, fixed, n := fixSource(l, name, src, m)
	r := fixResult{file: toOutput(res), applied: n, changed: !bytes.Equal(src, fixed), fixed: fixed, stdin: true}
	if m.diff && r.changed {
		r.diff = fix.Diff(filepath.ToSlash(name), src, fixed)
	}
	return r
}

// writeAtomic replaces path's content with data through a temporary file in
// the same directory and a rename, so a reader never sees a half-written
// file; the file's permission bits are kept and a symlink is followed (the
// link stays a link).
func writeAtomic(path string, data []byte) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(target)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".yamlint-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			os.Remove(name)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(name, st.Mode().Perm()); err != nil {
		return err
	}
	if err := os.Rename(name, target); err != nil {
		return err
	}
	ok = true
	return nil
}

// reportFixes writes what --fix did: diffs (--diff) or the fixed stdin text
// to stdout, and a one-line summary to stderr.
func reportFixes(results []fixResult, m fixMode, stdout, stderr io.Writer) (changedFiles int, failed bool) {
	applied := 0
	for _, r := range results {
		if r.err != nil {
			fmt.Fprintf(stderr, "yamlint: %s: cannot write the fixed file: %v\n", r.file.Path, unwrap(r.err))
			failed = true
			continue
		}
		if r.changed {
			changedFiles++
			applied += r.applied
		}
		if m.diff {
			io.WriteString(stdout, r.diff)
		}
	}
	verb := "fixed"
	if m.diff {
		verb = "would fix"
	}
	if applied > 0 {
		fmt.Fprintf(stderr, "yamlint: %s %d %s in %d %s\n", verb, applied, plural(applied, "problem", "problems"), changedFiles, plural(changedFiles, "file", "files"))
	}
	return changedFiles, failed
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
