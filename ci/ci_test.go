package ci

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/cli"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// lint runs yamlint on the repository's own CI files: the bundled schemas
// (GitHub action metadata, GitLab CI, pre-commit hooks) must accept them.
func TestOwnCIFilesValidate(t *testing.T) {
	root := repoRoot(t)
	for _, f := range []string{"action.yml", "ci/yamlint.gitlab-ci.yml", ".pre-commit-hooks.yaml"} {
		var out, errb strings.Builder
		code := cli.Run([]string{"--no-color", "--format", "json", filepath.Join(root, f)}, strings.NewReader(""), &out, &errb)
		if code != 0 {
			t.Errorf("%s: exit %d\n%s%s", f, code, out.String(), errb.String())
		}
	}
	// The schema association is real: a wrong key in the template is caught.
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(root, "ci/yamlint.gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.gitlab-ci.yml")
	if err := os.WriteFile(bad, []byte(strings.Replace(string(src), "  script:", "  scripts:", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	if code := cli.Run([]string{"--no-color", bad}, strings.NewReader(""), &out, &errb); code != 1 || !strings.Contains(out.String(), "scripts") {
		t.Errorf("a misspelt key in the GitLab template was not reported (exit %d):\n%s", code, out.String())
	}
}

// fakeRunner is the environment a GitHub runner gives a composite action's
// step, in a temporary directory.
type fakeRunner struct {
	dir, output, summary string
	env                  []string
}

func newFakeRunner(t *testing.T, inputs map[string]string) *fakeRunner {
	t.Helper()
	dir := t.TempDir()
	r := &fakeRunner{dir: dir, output: filepath.Join(dir, "github_output"), summary: filepath.Join(dir, "step_summary")}
	tmp := filepath.Join(dir, "runner_temp")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	r.env = append(os.Environ(), "GITHUB_ACTIONS=true", "CI=true",
		"GITHUB_ACTION_PATH="+repoRoot(t), "GITHUB_OUTPUT="+r.output, "GITHUB_STEP_SUMMARY="+r.summary, "RUNNER_TEMP="+tmp)
	for k, v := range inputs {
		r.env = append(r.env, k+"="+v)
	}
	return r
}

func (r *fakeRunner) run(t *testing.T) (int, string) {
	t.Helper()
	cmd := exec.Command("bash", filepath.Join(repoRoot(t), "scripts", "action-run.sh"))
	cmd.Dir = repoRoot(t)
	cmd.Env = r.env
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, string(out)
}

func (r *fakeRunner) outputs(t *testing.T) map[string]string {
	t.Helper()
	data, _ := os.ReadFile(r.output)
	m := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			m[k] = v
		}
	}
	return m
}

// TestActionScript runs the action's script as the runner would: it builds
// yamlint from the action's source, annotates findings, writes SARIF and the
// step outputs and summary, and fails the step on problems.
func TestActionScript(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not installed")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go not on PATH: the action builds yamlint with it")
	}
	root := repoRoot(t)
	sarif := filepath.Join(t.TempDir(), "out", "yamlint.sarif")
	r := newFakeRunner(t, map[string]string{
		"INPUT_PATHS":             "testdata/formats/input\ntestdata/examples",
		"INPUT_BUILD_FROM_SOURCE": "true",
		"INPUT_CONFIG":            "testdata/formats/.yamlint.yaml",
		"INPUT_SARIF_FILE":        sarif,
		"INPUT_FAIL_LEVEL":        "error",
	})
	code, out := r.run(t)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (problems):\n%s", code, out)
	}
	ann := regexp.MustCompile(`(?m)^::error file=testdata/formats/input/app.yaml,line=3,col=11,endLine=3,endColumn=18,title=yamlint schema::expected integer`)
	if !ann.MatchString(out) || !strings.Contains(out, "::warning file=testdata/formats/input/app.yaml,line=12") {
		t.Errorf("annotations missing:\n%s", out)
	}
	if !strings.Contains(out, "::group::Build yamlint from "+root) {
		t.Errorf("did not build from the action's source:\n%s", out)
	}
	o := r.outputs(t)
	if o["exit-code"] != "1" || o["problems"] != "15" || o["sarif-file"] != sarif {
		t.Errorf("outputs %v", o)
	}
	var log struct {
		Runs []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	data, err := os.ReadFile(sarif)
	if err != nil || json.Unmarshal(data, &log) != nil || len(log.Runs) != 1 || len(log.Runs[0].Results) != 15 {
		t.Errorf("SARIF report: %v, %d runs", err, len(log.Runs))
	}
	summary, _ := os.ReadFile(r.summary)
	if !strings.Contains(string(summary), "**15 problems**") || !strings.Contains(string(summary), "SARIF report") {
		t.Errorf("step summary:\n%s", summary)
	}
	bin := filepath.Join(r.dir, "runner_temp", "yamlint-action", "bin", "yamlint")

	// fail-on-problems: false keeps the step green; a clean path exits 0.
	r2 := newFakeRunner(t, map[string]string{"YAMLINT_BIN": bin, "INPUT_PATHS": "testdata/formats/input/clean.yaml",
		"INPUT_CONFIG": "testdata/formats/.yamlint.yaml"})
	if code, out := r2.run(t); code != 0 || r2.outputs(t)["problems"] != "0" {
		t.Errorf("clean file: exit %d, outputs %v\n%s", code, r2.outputs(t), out)
	}
	r3 := newFakeRunner(t, map[string]string{"YAMLINT_BIN": bin, "INPUT_PATHS": "testdata/formats/input",
		"INPUT_CONFIG": "testdata/formats/.yamlint.yaml", "INPUT_FAIL_ON_PROBLEMS": "false"})
	if code, _ := r3.run(t); code != 0 || r3.outputs(t)["exit-code"] != "1" {
		t.Errorf("fail-on-problems false: exit %d, outputs %v", code, r3.outputs(t))
	}

	// A version that is not a release tag is refused before anything runs.
	r4 := newFakeRunner(t, map[string]string{"INPUT_VERSION": "v1.0.0; curl evil", "INPUT_PATHS": "."})
	if code, out := r4.run(t); code != 2 || !strings.Contains(out, "version must be a release tag") {
		t.Errorf("bad version: exit %d\n%s", code, out)
	}
	// The action's own tag is the pinned release (install not run here:
	// a fake go on PATH records the command).
	fakeBin := t.TempDir()
	script := "#!/bin/sh\necho \"go $*\" >> " + filepath.Join(fakeBin, "calls") + "\ncp " + bin + " \"$GOBIN/yamlint\"\n"
	if err := os.WriteFile(filepath.Join(fakeBin, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	r5 := newFakeRunner(t, map[string]string{"YAMLINT_ACTION_REF": "v0.2.0", "INPUT_PATHS": "testdata/formats/input/clean.yaml",
		"INPUT_CONFIG": "testdata/formats/.yamlint.yaml"})
	r5.env = append(r5.env, "PATH="+fakeBin+string(os.PathListSeparator)+os.Getenv("PATH"))
	if code, out := r5.run(t); code != 0 {
		t.Errorf("pinned install: exit %d\n%s", code, out)
	}
	calls, _ := os.ReadFile(filepath.Join(fakeBin, "calls"))
	if strings.TrimSpace(string(calls)) != "go install github.com/yamlint/yamlint/cmd/yamlint@v0.2.0" {
		t.Errorf("install command: %q", calls)
	}
}

// TestPreCommitHook runs the repository's hook with real pre-commit
// (`pre-commit try-repo`), where pre-commit is installed
// (scripts/ci-deps/pre-commit.sh installs it in CI).
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("pre-commit builds yamlint: skipped with -short")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit not installed (scripts/ci-deps/pre-commit.sh installs it from Debian's packages); hook test skipped")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := repoRoot(t)
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	if err := os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("a: 1\na: 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "good.yaml"), []byte("a: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", ".")
	// One try-repo run (each builds the hook's Go environment from a fresh
	// copy of this repository). The Go module and build caches are shared
	// with the test's own, so only this module's packages are compiled.
	cmd := exec.Command("pre-commit", "try-repo", root, "yamlint", "--verbose", "--files", "bad.yaml", "good.yaml")
	cmd.Dir = dir
	cache := os.Getenv("PRE_COMMIT_HOME")
	if cache == "" {
		base, _ := os.UserCacheDir()
		cache = filepath.Join(base, "yamlint-ci", "pre-commit")
	}
	cmd.Env = append(os.Environ(), "PRE_COMMIT_HOME="+cache, "PRE_COMMIT_COLOR=never")
	for _, v := range []string{"GOMODCACHE", "GOCACHE"} {
		if out, err := exec.Command("go", "env", v).Output(); err == nil && len(out) > 1 {
			cmd.Env = append(cmd.Env, v+"="+strings.TrimSpace(string(out)))
		}
	}
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	// The hook fails on bad.yaml and reports nothing about good.yaml.
	if code == 0 || !strings.Contains(string(out), `bad.yaml:2:1: error: duplicate key "a"`) || strings.Contains(string(out), "good.yaml:") {
		t.Fatalf("pre-commit try-repo: exit %d\n%s", code, out)
	}
}
