package lsp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDocumentLinks(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		".git/HEAD":                        "ref: refs/heads/main\n",
		"schemas/app.json":                 "{}\n",
		"schemas/defs.yaml":                "definitions: {}\n",
		"ci/build.yml":                     "build: {script: [make]}\n",
		".github/actions/setup/action.yml": "name: setup\n",
		"azure/steps.yml":                  "steps: []\n",
		"k8s/base/kustomization.yaml":      "resources: []\n",
		"k8s/deploy.yaml":                  "kind: Deployment\n",
		"chart/Chart.yaml":                 "name: c\n",
		"chart/values.schema.json":         "{}\n",
	})
	c := start(t)
	c.initialize(nil, root)
	type docLink struct {
		Range  lspRange `json:"range"`
		Target string   `json:"target"`
	}
	links := func(rel, text string) map[string]string {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		uri := fileURI(p)
		c.open(uri, text)
		var ls []docLink
		if err := c.call("textDocument/documentLink", map[string]any{"textDocument": textDoc(uri)}, &ls); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(text, "\n")
		out := map[string]string{}
		for _, l := range ls {
			if l.Range.Start.Line != l.Range.End.Line {
				t.Errorf("multi-line link %+v", l)
				continue
			}
			out[lines[l.Range.Start.Line][l.Range.Start.Character:l.Range.End.Character]] = strings.TrimPrefix(l.Target, fileURI(root)+"/")
		}
		return out
	}
	check := func(got map[string]string, want map[string]string) {
		t.Helper()
		for k, v := range want {
			if got[k] != v {
				t.Errorf("link on %q = %q, want %q (all: %v)", k, got[k], v, got)
			}
		}
		if len(got) != len(want) {
			t.Errorf("links %v, want exactly %v", got, want)
		}
	}
	check(links("config/app.yaml", "# yaml-language-server: $schema=../schemas/app.json\nname: x\n"),
		map[string]string{"../schemas/app.json": "schemas/app.json"})
	check(links("schemas/top.yaml", "properties:\n  a: {$ref: 'defs.yaml#/definitions'}\n  b: {$ref: '#/definitions/c'}\n  d: {$ref: missing.yaml}\ndefinitions:\n  c: {type: string}\n"),
		map[string]string{"defs.yaml#/definitions": "schemas/defs.yaml", "#/definitions/c": "schemas/top.yaml#L6"})
	check(links(".gitlab-ci.yml", "include:\n  - local: /ci/build.yml\n  - remote: https://example.com/x.yml\n  - ci/build.yml\n"),
		map[string]string{"/ci/build.yml": "ci/build.yml", "ci/build.yml": "ci/build.yml"})
	check(links(".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: ./.github/actions/setup\n      - uses: actions/checkout@v4\n"),
		map[string]string{"./.github/actions/setup": ".github/actions/setup/action.yml"})
	check(links("azure/pipeline.yml", "steps:\n  - template: steps.yml\n  - template: other.yml@templates\n"),
		map[string]string{"steps.yml": "azure/steps.yml"})
	check(links("k8s/kustomization.yaml", "resources:\n  - base\n  - deploy.yaml\n  - https://github.com/x/y\n"),
		map[string]string{"base": "k8s/base/kustomization.yaml", "deploy.yaml": "k8s/deploy.yaml"})
	check(links("chart/values.yaml", "replicas: 1\n"),
		map[string]string{"replicas": "chart/values.schema.json"})
}
