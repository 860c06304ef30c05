package lsp_test

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// completeAt returns the labels offered at the end of the marked line
// ("|" marks the cursor; it is removed from the text).
func completeAt(t *testing.T, c *client, uri, marked string) []string {
	t.Helper()
	i := strings.Index(marked, "|")
	text := marked[:i] + marked[i+1:]
	line := strings.Count(marked[:i], "\n")
	col := i - strings.LastIndex(marked[:i], "\n") - 1
	c.open(uri, text)
	var list struct {
		Items []struct {
			Label string `json:"label"`
		} `json:"items"`
	}
	if err := c.call("textDocument/completion", map[string]any{"textDocument": textDoc(uri), "position": pos(line, col)}, &list); err != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		t.Fatalf("%+v\n%s", err, strings.Join(c.logs, "\n"))
	}
	var out []string
	for _, it := range list.Items {
		out = append(out, it.Label)
	}
	sort.Strings(out)
	return out
}

func hasAll(got []string, want ...string) bool {
	set := map[string]bool{}
	for _, g := range got {
		set[g] = true
	}
	for _, w := range want {
		if !set[w] {
			return false
		}
	}
	return true
}

func hasNone(got []string, bad ...string) bool {
	for _, g := range got {
		for _, b := range bad {
			if g == b {
				return false
			}
		}
	}
	return true
}

func TestSemanticCompletion(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		".github/workflows/a.yml": "on: push\njobs:\n  x:\n    runs-on: u\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n",
		".github/workflows/b.yml": "on: push\njobs:\n  y:\n    runs-on: u\n    steps:\n      - uses: actions/checkout@v4\n",
		"ci/templates.yml":        ".base:\n  image: alpine\n.deploy-template:\n  script: [deploy]\n",
		"k8s/config.yaml":         "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  LOG_LEVEL: debug\n  PORT: \"80\"\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\nstringData:\n  password: x\n",
	})
	c := start(t)
	c.initialize(nil, root)
	at := func(rel, marked string) []string { return completeAt(t, c, fileURI(filepath.Join(root, rel)), marked) }

	got := at(".github/workflows/c.yml", "on: push\njobs:\n  build:\n    runs-on: u\n    steps:\n      - uses: act|\n")
	if !hasAll(got, "actions/checkout@v4", "actions/setup-go@v5") {
		t.Errorf("uses: completion %v", got)
	}
	got = at(".github/workflows/d.yml", "on: push\njobs:\n  build:\n    runs-on: u\n  test:\n    runs-on: u\n  deploy:\n    runs-on: u\n    needs: [|]\n")
	if !hasAll(got, "build", "test") || !hasNone(got, "deploy") {
		t.Errorf("GitHub needs: completion %v", got)
	}
	got = at(".gitlab-ci.yml", "include:\n  - local: ci/templates.yml\nstages: [build]\n.local-tpl:\n  script: [x]\nbuild:\n  script: [make]\ntest:\n  extends: .|\n  script: [t]\n")
	if !hasAll(got, ".local-tpl", ".base", ".deploy-template") {
		t.Errorf("GitLab extends: completion %v", got)
	}
	got = at("pipelines/.gitlab-ci.yml", "stages: [build]\nbuild:\n  script: [make]\ntest:\n  script: [t]\ndeploy:\n  script: [d]\n  needs:\n    - |\n")
	if !hasAll(got, "build", "test") || !hasNone(got, "deploy", "stages") {
		t.Errorf("GitLab needs: completion %v", got)
	}
	got = at("compose.yaml", "services:\n  db:\n    image: postgres\n  cache:\n    image: redis\n  web:\n    image: nginx\n    depends_on:\n      - |\n")
	if !hasAll(got, "db", "cache") || !hasNone(got, "web") {
		t.Errorf("depends_on: completion %v", got)
	}
	pod := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x\n      env:\n        - name: LOG\n          valueFrom:\n            configMapKeyRef:\n              name: %s\n              key: %s\n"
	got = at("k8s/pod.yaml", strings.Replace(strings.Replace(pod, "%s", "|", 1), "%s", "LOG_LEVEL", 1))
	if !hasAll(got, "app-config") || !hasNone(got, "db-creds") {
		t.Errorf("configMapKeyRef name: completion %v", got)
	}
	got = at("k8s/pod2.yaml", strings.Replace(strings.Replace(pod, "%s", "app-config", 1), "%s", "|", 1))
	if !hasAll(got, "LOG_LEVEL", "PORT") {
		t.Errorf("configMapKeyRef key: completion %v", got)
	}
	got = at("k8s/pod3.yaml", strings.Replace(strings.Replace(strings.Replace(pod, "configMapKeyRef", "secretKeyRef", 1), "%s", "|", 1), "%s", "password", 1))
	if !hasAll(got, "db-creds") || !hasNone(got, "app-config") {
		t.Errorf("secretKeyRef name: completion %v", got)
	}
}
