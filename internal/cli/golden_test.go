package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/helmrender/helmtest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// repoRoot is where the tests run, so paths print as testdata/...
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

func TestMain(m *testing.M) {
	flag.Parse()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			// Run outside the module (a built test binary run from
			// elsewhere, for BenchmarkRun): stay where we are.
			dir, _ = os.Getwd()
			break
		}
		dir = parent
	}
	if err := os.Chdir(dir); err != nil {
		panic(err)
	}
	code := m.Run()
	helmtest.Cleanup()
	os.Exit(code)
}

var elapsed = regexp.MustCompile(`, \d+\.\d+s\)`)

// runCLI runs yamlint in-process and returns its exit code, stdout, stderr.
func runCLI(t testing.TB, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errb)
	return code, elapsed.ReplaceAllString(out.String(), ")"), errb.String()
}

// TestGolden checks every testdata/<area>/<case>.yaml that has a
// <case>.golden beside it: the golden holds the text output and exit code.
// An area's own .yamlint.yaml, if any, is its config; a case's first-line
// comment "# args: ..." adds flags.
func TestGolden(t *testing.T) {
	goldens, _ := filepath.Glob(filepath.Join("testdata", "*", "*.golden"))
	if len(goldens) == 0 {
		t.Fatal("no golden files found")
	}
	for _, golden := range goldens {
		input := strings.TrimSuffix(golden, ".golden") + ".yaml"
		if _, err := os.Stat(input); err != nil {
			input = strings.TrimSuffix(golden, ".golden") + ".yml"
		}
		t.Run(strings.TrimSuffix(filepath.ToSlash(golden), ".golden"), func(t *testing.T) {
			args := []string{"--no-color"}
			cfg := filepath.Join(filepath.Dir(input), ".yamlint.yaml")
			if _, err := os.Stat(cfg); err == nil {
				args = append(args, "--config", cfg)
			} else {
				args = append(args, "--config", filepath.Join("testdata", "empty-config.yaml"))
			}
			if src, err := os.ReadFile(input); err == nil {
				first, _, _ := strings.Cut(string(src), "\n")
				if rest, ok := strings.CutPrefix(first, "# args: "); ok {
					args = append(args, strings.Fields(rest)...)
				}
			}
			args = append(args, input)
			for _, a := range args {
				if a == "--helm-render" {
					helmtest.Use(t)
				}
			}
			code, stdout, stderr := runCLI(t, "", args...)
			got := stdout + stderr + "exit " + string(rune('0'+code)) + "\n"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (run go test ./internal/cli -run Golden -update and read the diff)\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}
