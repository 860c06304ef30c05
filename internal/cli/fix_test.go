package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/rules"
)

func init() {
	// x-test-shrink fixes one "aa" per pass, to test the re-check loop.
	rules.Register(&rules.Rule{
		ID: "x-test-shrink", Category: "test", DefaultSeverity: diag.SeverityError,
		Check: func(p *rules.Pass) {
			if i := bytes.Index(p.File.Src, []byte("aa")); i >= 0 {
				rng := diag.Range{Start: i, End: i + 2}
				p.Report(diag.Diagnostic{Range: rng, Message: "aa", Fixes: []diag.Fix{{Edits: []diag.TextEdit{{Range: rng, NewText: "a"}}, Kind: diag.FixSafe}}})
			}
		},
	})
}

// fixEnv writes a yamllint-format config turning on only the given test
// rules, and files; it returns the directory and the config path.
func fixEnv(t *testing.T, rulesOn []string, files map[string]string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	var cfg strings.Builder
	cfg.WriteString("rules:\n")
	for _, r := range rulesOn {
		if !strings.Contains(r, ":") {
			r += ": enable"
		}
		cfg.WriteString("  " + r + "\n")
	}
	cfgPath := filepath.Join(dir, ".yamllint")
	if err := os.WriteFile(cfgPath, []byte(cfg.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, cfgPath
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var testFixRules = []string{"x-test-trailing", "x-test-eof", "x-test-colon"}

func TestFixWritesAndIsIdempotent(t *testing.T) {
	dir, cfg := fixEnv(t, append(testFixRules, "x-test-length: {max: 30}"), map[string]string{
		"a.yaml": "key:   value   \nlist:\n  - x  \nother: thing, and a long line that stays too long",
	})
	p := filepath.Join(dir, "a.yaml")
	code, stdout, stderr := runCLI(t, "", "--no-color", "-c", cfg, "--fix", p)
	want := "key: value\nlist:\n  - x\nother: thing, and a long line that stays too long\n"
	if got := read(t, p); got != want {
		t.Fatalf("fixed file = %q, want %q", got, want)
	}
	if !strings.Contains(stderr, "fixed 4 problems in 1 file") {
		t.Errorf("stderr = %q", stderr)
	}
	// What is left is reported against the fixed text.
	if code != ExitProblems || !strings.Contains(stdout, "a.yaml:4:") || !strings.Contains(stdout, "x-test-length") || strings.Contains(stdout, "x-test-trailing") {
		t.Errorf("exit %d, stdout:\n%s", code, stdout)
	}
	st1, _ := os.Stat(p)
	time.Sleep(10 * time.Millisecond)
	code, _, stderr = runCLI(t, "", "--no-color", "-c", cfg, "--fix", p)
	st2, _ := os.Stat(p)
	if read(t, p) != want || stderr != "" || code != ExitProblems || !st2.ModTime().Equal(st1.ModTime()) {
		t.Errorf("second --fix changed something: exit %d, stderr %q", code, stderr)
	}
}

func TestNoFixWithoutFlag(t *testing.T) {
	dir, cfg := fixEnv(t, testFixRules, map[string]string{"a.yaml": "a:  1  "})
	p := filepath.Join(dir, "a.yaml")
	code, _, _ := runCLI(t, "", "--no-color", "-c", cfg, p)
	if code != ExitProblems || read(t, p) != "a:  1  " {
		t.Errorf("exit %d; file changed without --fix: %q", code, read(t, p))
	}
}

func TestFixKeepsBOMAndCRLF(t *testing.T) {
	src := "\ufeffa:  1  \r\nb: 2\r\nc: 3"
	dir, cfg := fixEnv(t, testFixRules, map[string]string{"a.yaml": src})
	p := filepath.Join(dir, "a.yaml")
	runCLI(t, "", "-c", cfg, "--fix", p)
	if got, want := read(t, p), "\ufeffa: 1\r\nb: 2\r\nc: 3\r\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFixKeepsModeAndSymlink(t *testing.T) {
	dir, cfg := fixEnv(t, testFixRules, map[string]string{"real.yaml": "a: 1  \n"})
	real := filepath.Join(dir, "real.yaml")
	if err := os.Chmod(real, 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	runCLI(t, "", "-c", cfg, "--fix", link)
	st, err := os.Lstat(link)
	if err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced by a file")
	}
	rst, _ := os.Stat(real)
	if runtime.GOOS != "windows" && rst.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, want 0640", rst.Mode().Perm())
	}
	if read(t, real) != "a: 1\n" {
		t.Errorf("target not fixed: %q", read(t, real))
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*yamlint-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestFixDiffWritesNothing(t *testing.T) {
	src := "a:  1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8  \ni: 9"
	dir, cfg := fixEnv(t, testFixRules, map[string]string{"a.yaml": src})
	p := filepath.Join(dir, "a.yaml")
	st1, _ := os.Stat(p)
	code, stdout, stderr := runCLI(t, "", "-c", cfg, "--fix", "--diff", p)
	st2, _ := os.Stat(p)
	if read(t, p) != src || !st1.ModTime().Equal(st2.ModTime()) {
		t.Fatal("--diff wrote the file")
	}
	name := filepath.ToSlash(p) // absolute: no a/ b/ prefixes
	want := "--- " + name + "\n+++ " + name + "\n" +
		"@@ -1,9 +1,9 @@\n-a:  1\n+a: 1\n b: 2\n c: 3\n d: 4\n" +
		" e: 5\n f: 6\n g: 7\n-h: 8  \n-i: 9\n\\ No newline at end of file\n+h: 8\n+i: 9\n"
	if stdout != want {
		t.Errorf("diff:\n%s\nwant:\n%s", stdout, want)
	}
	if code != ExitProblems || !strings.Contains(stderr, "would fix 3 problems in 1 file") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := runCLI(t, "", "--diff", p); code != ExitFailure {
		t.Errorf("--diff without --fix: exit %d", code)
	}
}

func TestFixStdin(t *testing.T) {
	_, cfg := fixEnv(t, testFixRules, nil)
	code, stdout, stderr := runCLI(t, "a:  1  \nb: 2", "--no-color", "-c", cfg, "--fix", "-")
	if stdout != "a: 1\nb: 2\n" {
		t.Errorf("stdout = %q", stdout)
	}
	if code != ExitOK || !strings.Contains(stderr, "no problems") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	// Nothing to fix: the text comes back unchanged.
	_, stdout, _ = runCLI(t, "a: 1\n", "-c", cfg, "--fix", "-")
	if stdout != "a: 1\n" {
		t.Errorf("stdout = %q", stdout)
	}
}

// shrinkLinter runs only x-test-shrink, whose fix shortens a value.
func shrinkLinter(t *testing.T) *engine.Linter {
	t.Helper()
	cfg := config.Default(t.TempDir())
	cfg.Rules = map[string]config.RuleConfig{}
	for _, r := range rules.All() {
		cfg.Rules[r.ID] = config.RuleConfig{Enabled: r.ID == "x-test-shrink", Severity: diag.SeverityError}
	}
	l, err := engine.New(cfg, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestFixLoopBounded(t *testing.T) {
	l := shrinkLinter(t)
	// x-test-shrink's fix changes the value, which safe fixes may not
	// (fixKeepsData): run it as a suggestion would be.
	_, out, n := fixSource(l, "x.yaml", []byte("v: aaaa\n"), fixMode{unsafe: true})
	if string(out) != "v: a\n" || n != 3 {
		t.Errorf("3 passes: got %q after %d fixes", out, n)
	}
	_, out, n = fixSource(l, "x.yaml", []byte("v: "+strings.Repeat("a", maxFixPasses+10)+"\n"), fixMode{unsafe: true})
	if n != maxFixPasses || string(out) != "v: "+strings.Repeat("a", 10)+"\n" {
		t.Errorf("loop not bounded: %q after %d fixes", out, n)
	}
}

// A safe fix that would change the data is not applied: the text stays as
// it was (x-test-shrink's fix shortens the value).
func TestSafeFixKeepsData(t *testing.T) {
	l := shrinkLinter(t)
	if _, out, n := fixSource(l, "x.yaml", []byte("v: aaaa\n"), fixMode{}); string(out) != "v: aaaa\n" || n != 0 {
		t.Errorf("a data-changing safe fix was applied: %q after %d fixes", out, n)
	}
}
