package helmrender

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Fake programs: the test binary, run through a symbolic link whose name
// says how it misbehaves.
func TestMain(m *testing.M) {
	switch filepath.Base(os.Args[0]) {
	case "fake-hang":
		time.Sleep(time.Hour)
	case "fake-garbage":
		fmt.Println("this is not JSON")
		os.Exit(0)
	case "fake-huge":
		line := []byte(strings.Repeat("x", 1<<16))
		for {
			if _, err := os.Stdout.Write(line); err != nil {
				os.Exit(1)
			}
		}
	case "fake-crash":
		fmt.Fprintln(os.Stderr, "panic: boom")
		os.Exit(3)
	case "fake-env":
		// Answers with its environment as the chart's name.
		fmt.Printf("{\"name\":%q}\n", strings.Join(os.Environ(), ","))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func fake(t *testing.T, mode string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("fake programs are symbolic links")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	p := filepath.Join(t.TempDir(), mode)
	if err := os.Symlink(exe, p); err != nil {
		t.Skip(err)
	}
	t.Setenv(EnvProgram, p)
}

func chartDir(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Chart.yaml"), []byte("apiVersion: v2\nname: c\nversion: 0.1.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Without the program, loading says what to install.
func TestProgramMissing(t *testing.T) {
	t.Setenv(EnvProgram, "")
	t.Setenv("PATH", t.TempDir())
	_, err := LoadAndRender(chartDir(t), nil, "")
	if err == nil || !strings.Contains(err.Error(), "needs the yamlint-helm program") || !strings.Contains(err.Error(), "go install") {
		t.Fatalf("Load: %v, want the missing-program error", err)
	}
	t.Setenv(EnvProgram, "relative/yamlint-helm")
	if _, err := LoadAndRender(chartDir(t), nil, ""); err == nil || !strings.Contains(err.Error(), "not an absolute path") {
		t.Fatalf("Load: %v, want a not-absolute error", err)
	}
}

// A program that never answers is killed when the request's budget (one
// Timeout to load, one per values set) is spent.
func TestProgramHangs(t *testing.T) {
	fake(t, "fake-hang")
	defer func(d time.Duration) { Timeout = d }(Timeout)
	Timeout = 200 * time.Millisecond
	start := time.Now()
	_, err := LoadAndRender(chartDir(t), []Values{{}, {Overrides: map[string]any{"a": 1}}}, "")
	if err == nil || !strings.Contains(err.Error(), "longer than 600ms") {
		t.Fatalf("LoadAndRender: %v, want a timeout", err)
	}
	if d := time.Since(start); d > 600*time.Millisecond+waitDelay {
		t.Errorf("took %s", d)
	}
}

func TestProgramGarbage(t *testing.T) {
	fake(t, "fake-garbage")
	_, err := LoadAndRender(chartDir(t), nil, "")
	if err == nil || !strings.Contains(err.Error(), "unreadable answer") {
		t.Fatalf("Load: %v, want an unreadable-answer error", err)
	}
}

func TestProgramCrash(t *testing.T) {
	fake(t, "fake-crash")
	_, err := LoadAndRender(chartDir(t), nil, "")
	if err == nil || !strings.Contains(err.Error(), "yamlint-helm failed: exit status 3: panic: boom") {
		t.Fatalf("Load: %v, want the crash and its stderr", err)
	}
}

// An answer past the limit stops the program and is refused.
func TestProgramHugeAnswer(t *testing.T) {
	fake(t, "fake-huge")
	defer func(f func(int) int64) { answerLimit = f }(answerLimit)
	answerLimit = func(int) int64 { return 1 << 20 }
	start := time.Now()
	_, err := LoadAndRender(chartDir(t), nil, "")
	if err == nil || !strings.Contains(err.Error(), "larger than 1048576 bytes") {
		t.Fatalf("Load: %v, want a too-large error", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
}

// The program gets none of the user's environment.
func TestProgramEnvironment(t *testing.T) {
	fake(t, "fake-env")
	t.Setenv("YAMLINT_TEST_SECRET", "s3cret")
	c, err := LoadAndRender(chartDir(t), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(c.Name(), "s3cret") || (runtime.GOOS != "windows" && c.Name() != "") {
		t.Errorf("environment passed: %q", c.Name())
	}
}

// yamlint and yaml-lsp do not link Helm (its package initialisation cost
// every run); only yamlint-helm does.
func TestBinariesDoNotLinkHelm(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool:", err)
	}
	out, err := exec.Command(goTool, "list", "-deps",
		"github.com/yamlint/yamlint/cmd/yamlint", "github.com/yamlint/yamlint/cmd/yaml-lsp").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "helm.sh/") {
			t.Errorf("yamlint or yaml-lsp depends on %s", p)
		}
	}
}
