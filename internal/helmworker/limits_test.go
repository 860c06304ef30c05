package helmworker

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/yamlint/yamlint/internal/helmrender"
)

// A chart directory holding a FIFO is refused before Helm's loader, which
// would block opening it.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Chart.yaml"), []byte("apiVersion: v2\nname: c\nversion: 0.1.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "values.yaml"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	_, err := load(dir)
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("Load: %v, want a not-a-regular-file error", err)
	}
}

// A symbolic link out of the chart, or to a directory (Helm's loader
// follows both; WalkDir would not check what is behind), is refused.
func TestLoadRefusesSymlinks(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s3cret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{
		"out":    filepath.Join(outside, "secret"),
		"dirout": outside,
		"dirin":  ".",
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "Chart.yaml"), []byte("apiVersion: v2\nname: c\nversion: 0.1.0\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, filepath.Join(dir, "values.yaml")); err != nil {
			t.Skip("no symbolic links here:", err)
		}
		_, err := load(dir)
		if err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("%s: load: %v, want a symbolic-link error", name, err)
		}
	}
}

// One request renders each values set; a failing one is located in its
// template and does not stop the others.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"Chart.yaml":              "apiVersion: v2\nname: c\nversion: 0.1.0\n",
		"values.yaml":             "num: 1\n",
		"templates/cm.yaml":       "kind: ConfigMap\ndata:\n  n: {{ .Values.num | quote }}\n{{- if .Values.bad }}\n  x: {{ fail \"bad values\" }}\n{{- end }}\n",
		"templates/_helpers.tpl":  "{{- define \"x\" }}{{ end }}\n",
		"templates/notes.txt":     "hi\n",
		"templates/sub/more.yaml": "{{ .Capabilities.KubeVersion.Version }}\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	resp := Serve(helmrender.Request{Dir: dir, KubeVersion: "v1.30.2", ValueSets: []json.RawMessage{
		json.RawMessage("null"), json.RawMessage(`{"num": 2, "bad": true}`), json.RawMessage(`"num: 3\nbad: n\n"`), // YAML 1.1, as Helm reads -f files: n is false
		json.RawMessage(`"- a list\n"`),
	}})
	if resp.LoadError != "" || resp.Name != "c" || len(resp.Templates) != 4 || len(resp.Renders) != 4 {
		t.Fatalf("response: %+v", resp)
	}
	var got []string
	for _, r := range resp.Renders {
		s := r.Message
		if r.ValuesError {
			s = "values error"
		}
		if r.Error != nil {
			s = fmt.Sprintf("%s:%d:%d %s", r.Error.Template, r.Error.Line, r.Error.Column, r.Error.Message)
		}
		for _, f := range r.Files {
			s += fmt.Sprintf("[%s %s %q]", f.Template, f.Rendered, f.Text)
		}
		got = append(got, s)
	}
	want := []string{
		`[templates/cm.yaml c/templates/cm.yaml "kind: ConfigMap\ndata:\n  n: \"1\"\n"][templates/sub/more.yaml c/templates/sub/more.yaml "v1.30.2\n"]`,
		`templates/cm.yaml:5:8 bad values`,
		`[templates/cm.yaml c/templates/cm.yaml "kind: ConfigMap\ndata:\n  n: \"3\"\n"][templates/sub/more.yaml c/templates/sub/more.yaml "v1.30.2\n"]`,
		`values error`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("renders:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
