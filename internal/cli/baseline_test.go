package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const baselineConfig = `rules:
  truthy: {level: error}
  trailing-spaces: enable
  indentation: disable
`

const baselineV1 = `name: web   
settings:
  enabled: yes
  retries: 3
block:
  a: 1
  b:
    c: 2
env:
  LOG: debug
  LOG: info
`

// The same file with ten lines inserted at the top and the unrelated block
// re-indented: every finding is the same finding.
const baselineV2 = `first: 1
second: 2
third: 3
list:
  - 1
  - 2
  - 3
# a comment
# another
fourth: 4
name: web   
settings:
  enabled: yes
  retries: 3
block:
    a: 1
    b:
        c: 2
env:
  LOG: debug
  LOG: info
`

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBaseline(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "cfg.yaml")
	writeFile(t, cfg, baselineConfig)
	file := filepath.Join(dir, "app.yaml")
	writeFile(t, file, baselineV1)
	base := filepath.Join(dir, "baseline.json")

	code, stdout, stderr := runCLI(t, "", "--config", cfg, "--format", "json", file)
	var all []jsonFinding
	if err := json.Unmarshal([]byte(stdout), &all); err != nil || code != ExitProblems || len(all) != 3 {
		t.Fatalf("v1: exit %d, %d findings, want 3: %s %s", code, len(all), stdout, stderr)
	}

	code, stdout, stderr = runCLI(t, "", "--config", cfg, "--write-baseline", base, file)
	if code != ExitOK || stdout != "" || !strings.Contains(stderr, "recorded 3 findings in 1 files") {
		t.Fatalf("--write-baseline: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}

	check := func(name string, wantReported, wantSuppressed int) string {
		t.Helper()
		code, stdout, stderr := runCLI(t, "", "--no-color", "--config", cfg, "--baseline", base, file)
		problems := strings.Count("\n"+stdout, "\n"+file+":")
		if problems != wantReported {
			t.Errorf("%s: %d reported, want %d:\n%s%s", name, problems, wantReported, stdout, stderr)
		}
		wantExit := ExitOK
		if wantReported > 0 {
			wantExit = ExitProblems
		}
		if code != wantExit {
			t.Errorf("%s: exit %d, want %d", name, code, wantExit)
		}
		if wantSuppressed > 0 && !strings.Contains(stdout, ", "+itoa(wantSuppressed)+" suppressed by the baseline") {
			t.Errorf("%s: summary does not say %d were suppressed:\n%s", name, wantSuppressed, stdout)
		}
		return stdout
	}
	check("unchanged", 0, 3)

	writeFile(t, file, baselineV2)
	check("ten lines inserted, a block re-indented", 0, 3)

	// The offending line's value changes: a new finding.
	writeFile(t, file, strings.Replace(baselineV2, "enabled: yes", "enabled: on", 1))
	out := check("value changed", 1, 2)
	if !strings.Contains(out, "truthy") {
		t.Errorf("the changed line's truthy finding is not the one reported:\n%s", out)
	}

	// An identical finding (same code, node path and line text: here in a
	// second document) beyond the recorded count is reported.
	writeFile(t, file, baselineV2+"---\nsettings:\n  enabled: yes\n")
	check("one more duplicate", 1, 3)

	// Bad baselines are usage errors that name the file.
	writeFile(t, base, `{"version": 99}`)
	code, _, stderr = runCLI(t, "", "--config", cfg, "--baseline", base, file)
	if code != ExitFailure || !strings.Contains(stderr, base) || !strings.Contains(stderr, "version") {
		t.Errorf("bad baseline: exit %d, %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "", "--config", cfg, "--baseline", filepath.Join(dir, "missing.json"), file)
	if code != ExitFailure || !strings.Contains(stderr, "missing.json") {
		t.Errorf("missing baseline: exit %d, %q", code, stderr)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func gitCmd(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func TestNewFromRev(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	gitCmd(t, dir, "init", "-q")
	writeFile(t, filepath.Join(dir, "cfg.yaml"), baselineConfig)
	writeFile(t, filepath.Join(dir, ".gitignore"), "ignored.yaml\n")
	writeFile(t, filepath.Join(dir, "app.yaml"), baselineV1)
	writeFile(t, filepath.Join(dir, "other.yaml"), "x: yes\n")
	gitCmd(t, dir, "add", ".")
	gitCmd(t, dir, "commit", "-q", "-m", "one")

	// Changes: a new finding in app.yaml (staged), one in other.yaml
	// (unstaged), a deleted line, and an untracked file.
	writeFile(t, filepath.Join(dir, "app.yaml"), strings.Replace(baselineV1, "  retries: 3\n", "  retries: 3\n  debug: no\n", 1))
	gitCmd(t, dir, "add", "app.yaml")
	writeFile(t, filepath.Join(dir, "other.yaml"), "x: yes\ny: off\n")
	writeFile(t, filepath.Join(dir, "new.yaml"), "z: yes\nw: true\n")
	writeFile(t, filepath.Join(dir, "ignored.yaml"), "v: yes\n")
	t.Chdir(dir)

	code, stdout, stderr := runCLI(t, "", "--no-color", "--config", "cfg.yaml", "--format", "json", "--new-from-rev", "HEAD", "app.yaml", "other.yaml", "new.yaml", "ignored.yaml")
	var got []jsonFinding
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v: %s %s", err, stdout, stderr)
	}
	var where []string
	for _, f := range got {
		where = append(where, f.File+":"+itoa(f.Line))
	}
	want := []string{"app.yaml:5", "new.yaml:1", "other.yaml:2"}
	if strings.Join(where, " ") != strings.Join(want, " ") || code != ExitProblems {
		t.Errorf("exit %d, reported %v, want %v", code, where, want)
	}
	_, stdout, _ = runCLI(t, "", "--no-color", "--config", "cfg.yaml", "--new-from-rev", "HEAD", ".")
	if !strings.Contains(stdout, "on unchanged lines") {
		t.Errorf("summary does not count the hidden findings:\n%s", stdout)
	}

	code, _, stderr = runCLI(t, "", "--config", "cfg.yaml", "--new-from-rev", "no-such-rev", "app.yaml")
	if code != ExitFailure || !strings.Contains(stderr, `unknown revision "no-such-rev"`) {
		t.Errorf("unknown rev: exit %d, %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "", "--config", "cfg.yaml", "--new-from-rev", "--output=x", "app.yaml")
	if code != ExitFailure {
		t.Errorf("option-like rev: exit %d, %q", code, stderr)
	}

	notGit := t.TempDir()
	writeFile(t, filepath.Join(notGit, "a.yaml"), "a: yes\n")
	t.Chdir(notGit)
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(notGit))
	code, _, stderr = runCLI(t, "", "--new-from-rev", "HEAD", "a.yaml")
	if code != ExitFailure || !strings.Contains(stderr, "not inside a git repository") {
		t.Errorf("not a repository: exit %d, %q", code, stderr)
	}
	t.Setenv("PATH", notGit) // no git
	code, _, stderr = runCLI(t, "", "--new-from-rev", "HEAD", "a.yaml")
	if code != ExitFailure || !strings.Contains(stderr, "git is not installed") {
		t.Errorf("no git: exit %d, %q", code, stderr)
	}
}
