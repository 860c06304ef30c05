package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const portSchema = `{"type":"object","properties":{"port":{"type":"integer"}},"additionalProperties":false}`

func TestJSONFormatFields(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.json": portSchema, "a.yaml": "port: http\nextra: 1\n"})
	code, out, errOut := runCLI(t, "", "--config", "testdata/empty-config.yaml", "--format", "json", "--schema", filepath.Join(dir, "s.json"), filepath.Join(dir, "a.yaml"))
	if code != ExitProblems {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got) != 2 {
		t.Fatalf("want 2 problems, got %s", out)
	}
	var keys []string
	for k := range got[0] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := []string{"code", "column", "endColumn", "endLine", "file", "line", "message", "severity"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("fields = %v, want exactly %v", keys, want)
	}
	if got[0]["line"] != 1.0 || got[0]["column"] != 7.0 || got[0]["endColumn"] != 11.0 || got[0]["code"] != "schema" {
		t.Errorf("first problem = %v", got[0])
	}
}

func TestGitHubFormat(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.json": portSchema, "a.yaml": "port: http\n"})
	_, out, _ := runCLI(t, "", "--config", "testdata/empty-config.yaml", "-f", "github", "--schema", filepath.Join(dir, "s.json"), filepath.Join(dir, "a.yaml"))
	want := "::error file=" + filepath.Join(dir, "a.yaml") + ",line=1,col=7,endLine=1,endColumn=11,title=yamlint schema::expected integer, got string \"http\"\n"
	if out != want {
		t.Errorf("got  %q\nwant %q", out, want)
	}
}

func TestExitCodesAndFailLevel(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"ok.yaml":  "a: 1\n",
		"dup.yaml": "a: 1\na: 2\n",
		"cfg.yaml": "severity:\n  duplicate-key: warning\n",
	})
	if code, _, _ := runCLI(t, "", "--config", "testdata/empty-config.yaml", filepath.Join(dir, "ok.yaml")); code != ExitOK {
		t.Errorf("clean file: exit %d", code)
	}
	if code, _, _ := runCLI(t, "", "--config", "testdata/empty-config.yaml", filepath.Join(dir, "dup.yaml")); code != ExitProblems {
		t.Errorf("error: exit %d", code)
	}
	// Demoted to a warning: below the default fail level, then at it.
	code, out, _ := runCLI(t, "", "--config", filepath.Join(dir, "cfg.yaml"), filepath.Join(dir, "dup.yaml"))
	if code != ExitOK || !strings.Contains(out, "warning: duplicate key") {
		t.Errorf("warning: exit %d, %s", code, out)
	}
	if code, _, _ := runCLI(t, "", "--config", filepath.Join(dir, "cfg.yaml"), "--fail-level", "warning", filepath.Join(dir, "dup.yaml")); code != ExitProblems {
		t.Errorf("--fail-level warning: exit %d", code)
	}
	if code, _, _ := runCLI(t, "", "--fail-level", "bogus", filepath.Join(dir, "ok.yaml")); code != ExitFailure {
		t.Errorf("bad flag value: exit %d", code)
	}
	if code, _, _ := runCLI(t, "", "--format", "xml", filepath.Join(dir, "ok.yaml")); code != ExitFailure {
		t.Errorf("unknown format: exit %d", code)
	}
	if code, _, _ := runCLI(t, ""); code != ExitFailure {
		t.Errorf("no paths: exit %d", code)
	}
}

func TestMissingPathDoesNotStopOthers(t *testing.T) {
	dir := writeFiles(t, map[string]string{"dup.yaml": "a: 1\na: 2\n"})
	code, out, errOut := runCLI(t, "", "--config", "testdata/empty-config.yaml", filepath.Join(dir, "nope.yaml"), filepath.Join(dir, "dup.yaml"))
	if code != ExitFailure {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(errOut, "nope.yaml: no such file or directory") {
		t.Errorf("stderr = %q", errOut)
	}
	if !strings.Contains(out, "duplicate key") {
		t.Errorf("the other file was not checked: %q", out)
	}
}

func TestStdin(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.json": portSchema, ".yamlint.yaml": "schemas:\n  s.json: [\"deploy/*.yaml\"]\n"})
	code, out, _ := runCLI(t, "port: x\n", "--config", filepath.Join(dir, ".yamlint.yaml"), "--stdin-filename", filepath.Join(dir, "deploy/app.yaml"), "-")
	if code != ExitProblems || !strings.Contains(out, "deploy/app.yaml:1:7: error: expected integer") {
		t.Errorf("exit %d: %s", code, out)
	}
}

func TestWalkSkipsAndIgnores(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.yaml":                 "a: 1\na: 1\n",
		"b.yml":                  "b: 1\nb: 1\n",
		"c.txt":                  "c: 1\nc: 1\n",
		".git/x.yaml":            "x: 1\nx: 1\n",
		"node_modules/m/x.yaml":  "x: 1\nx: 1\n",
		"vendor/v.yaml":          "x: 1\nx: 1\n",
		"generated/out.yaml":     "x: 1\nx: 1\n",
		"sub/deep/keep.yaml":     "k: 1\nk: 1\n",
		"sub/deep/skip.gen.yaml": "k: 1\nk: 1\n",
		".yamlint.yaml":          "ignore:\n  - generated/\n  - \"*.gen.yaml\"\n",
	})
	code, out, errOut := runCLI(t, "", "--config", filepath.Join(dir, ".yamlint.yaml"), "-f", "json", dir)
	if code != ExitProblems {
		t.Fatalf("exit %d %s", code, errOut)
	}
	var got []struct{ File string }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, g := range got {
		rel, _ := filepath.Rel(dir, g.File)
		files = append(files, filepath.ToSlash(rel))
	}
	want := []string{"a.yaml", "b.yml", "sub/deep/keep.yaml"}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("checked %v, want %v", files, want)
	}
}

func TestInvalidConfigIsReportedWithPosition(t *testing.T) {
	dir := writeFiles(t, map[string]string{".yamlint.yaml": "schemas: {}\nremote: yes\nunknown-key: 1\n", "a.yaml": "a: 1\n"})
	code, _, errOut := runCLI(t, "", "--config", filepath.Join(dir, ".yamlint.yaml"), filepath.Join(dir, "a.yaml"))
	if code != ExitFailure {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{".yamlint.yaml:2:9: error: expected boolean, got string \"yes\"", ".yamlint.yaml:3:1: error: unknown property \"unknown-key\""} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestParallelOutputIsDeterministic(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 40; i++ {
		files[filepath.Join("d", string(rune('a'+i%26))+strings.Repeat("x", i/26)+".yaml")] = "k: 1\nk: 2\n"
	}
	dir := writeFiles(t, files)
	_, first, _ := runCLI(t, "", "--config", "testdata/empty-config.yaml", dir)
	for i := 0; i < 5; i++ {
		if _, again, _ := runCLI(t, "", "--config", "testdata/empty-config.yaml", dir); again != first {
			t.Fatal("output order changed between runs")
		}
	}
}

func TestHugeFileGetsOneDiagnostic(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"big.yaml":      "k: " + strings.Repeat("x", 5000) + "\n",
		"small.yaml":    "a: 1\na: 2\n",
		".yamlint.yaml": "max-file-size: 1000\n",
	})
	code, out, _ := runCLI(t, "", "--config", filepath.Join(dir, ".yamlint.yaml"), dir)
	if code != ExitProblems || !strings.Contains(out, "big.yaml:1:1: error: file is larger than 1000 bytes (max-file-size); not checked [file-size]") ||
		!strings.Contains(out, "small.yaml:2:1: error: duplicate key") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestExtraCatalog(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"catalog.json":   `{"schemas": [{"name": "ports", "fileMatch": ["*.ports.yaml"], "url": "s.json"}]}`,
		"s.json":         portSchema,
		"web.ports.yaml": "port: x\n",
		"other.yaml":     "port: x\n",
	})
	_, out, _ := runCLI(t, "", "--config", "testdata/empty-config.yaml", "--catalog", filepath.Join(dir, "catalog.json"), dir)
	if !strings.Contains(out, "web.ports.yaml:1:7: error: expected integer") || strings.Contains(out, "other.yaml") {
		t.Errorf("catalog association wrong:\n%s", out)
	}
}
