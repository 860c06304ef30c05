// Package helmtest builds the yamlint-helm program for tests that render
// Helm charts: Use builds it once per test process (`go build`) and points
// $YAMLINT_HELM at it; the package's TestMain calls Cleanup after m.Run.
// Only tests import it.
package helmtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/yamlint/yamlint/internal/helmrender"
)

var (
	once  sync.Once
	dir   string
	path  string
	fault string
)

// Use makes helm rendering available to the test: it builds yamlint-helm
// (once) and sets $YAMLINT_HELM for the whole process. The test skips when
// the go tool is absent, and fails when the build does.
func Use(t testing.TB) {
	t.Helper()
	once.Do(build)
	if fault != "" {
		if path == "" && dir == "" {
			t.Skip(fault)
		}
		t.Fatal(fault)
	}
	os.Setenv(helmrender.EnvProgram, path)
}

func build() {
	goTool, err := exec.LookPath("go")
	if err != nil {
		fault = "no go tool to build " + helmrender.Program + ": " + err.Error()
		return
	}
	dir, err = os.MkdirTemp("", "yamlint-helm-test")
	if err != nil {
		fault = err.Error()
		return
	}
	name := helmrender.Program
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	path = filepath.Join(dir, name)
	cmd := exec.Command(goTool, "build", "-o", path, "github.com/yamlint/yamlint/cmd/yamlint-helm")
	if out, err := cmd.CombinedOutput(); err != nil {
		fault = "building " + helmrender.Program + ": " + err.Error() + "\n" + string(out)
	}
}

// Cleanup removes the built program.
func Cleanup() {
	if dir != "" {
		os.RemoveAll(dir)
	}
}
