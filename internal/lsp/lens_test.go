package lsp_test

import (
	"strings"
	"testing"
)

type codeLens struct {
	Range   lspRange `json:"range"`
	Command struct {
		Title     string `json:"title"`
		Command   string `json:"command"`
		Arguments []any  `json:"arguments"`
	} `json:"command"`
}

func TestCodeLensAndSchemaSelection(t *testing.T) {
	c := start(t)
	res := c.initialize(nil, "")
	cmds := res["capabilities"].(map[string]any)["executeCommandProvider"].(map[string]any)["commands"].([]any)
	if len(cmds) < 2 {
		t.Errorf("executeCommandProvider commands %v", cmds)
	}
	lenses := func(uri string) []codeLens {
		t.Helper()
		var ls []codeLens
		if err := c.call("textDocument/codeLens", map[string]any{"textDocument": textDoc(uri)}, &ls); err != nil {
			t.Fatal(err)
		}
		return ls
	}

	// A Kubernetes manifest: one lens per document, naming the kind and the
	// Kubernetes version.
	k8s := "file:///tmp/yaml-lsp-test/lens/deploy.yaml"
	c.open(k8s, deployment+"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n")
	ls := lenses(k8s)
	if len(ls) != 2 || !strings.HasPrefix(ls[0].Command.Title, "Kubernetes 1.") || !strings.Contains(ls[0].Command.Title, "Deployment (apps/v1)") ||
		!strings.Contains(ls[1].Command.Title, "Service (v1)") || ls[1].Range.Start.Line != 16 {
		t.Errorf("Kubernetes lenses %+v", ls)
	}

	// A file with no schema, then one picked with the command.
	uri := "file:///tmp/yaml-lsp-test/lens/pipeline.yaml"
	text := "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    stepz: []\n"
	c.open(uri, text)
	p := c.waitPublish(uri, 1, 0)
	ls = lenses(uri)
	if len(ls) != 1 || ls[0].Command.Title != "No schema: select one" || ls[0].Command.Command != "yamlint.selectSchema" || ls[0].Range.Start.Line != 0 {
		t.Fatalf("lens without schema %+v", ls)
	}
	var choices []struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	}
	if err := c.call("workspace/executeCommand", map[string]any{"command": "yamlint.listSchemas"}, &choices); err != nil {
		t.Fatal(err)
	}
	wf := ""
	for _, ch := range choices {
		if ch.Name == "GitHub Workflow" {
			wf = ch.URL
		}
	}
	if wf == "" {
		t.Fatalf("no GitHub Workflow among %+v", choices)
	}
	n := c.publishCount()
	if err := c.call("workspace/executeCommand", map[string]any{"command": "yamlint.selectSchema", "arguments": []any{uri, wf}}, nil); err != nil {
		t.Fatal(err)
	}
	p = c.waitPublish(uri, 1, n)
	found := false
	for _, d := range p.Diagnostics {
		if d.Code == "schema" && d.Range.Start.Line == 4 {
			found = true
		}
	}
	if !found {
		t.Errorf("after picking the workflow schema: %+v, want a schema error on stepz", p.Diagnostics)
	}
	if ls = lenses(uri); len(ls) != 1 || ls[0].Command.Title != "Schema: GitHub Workflow (selected)" {
		t.Errorf("lens after selection %+v", ls)
	}
	var status map[string]any
	if err := c.call("workspace/executeCommand", map[string]any{"command": "yamlint.schemaStatus", "arguments": []any{uri}}, &status); err != nil {
		t.Fatal(err)
	}
	if status["name"] != "GitHub Workflow" || status["source"] != "selected" {
		t.Errorf("schemaStatus %v", status)
	}

	// Without a URL the server asks the user; "Automatic" removes the pick.
	c.mu.Lock()
	c.answers = map[string]any{"window/showMessageRequest": map[string]any{"title": "Automatic (modeline, settings, catalog)"}}
	c.mu.Unlock()
	n = c.publishCount()
	if err := c.call("workspace/executeCommand", map[string]any{"command": "yamlint.selectSchema", "arguments": []any{uri}}, nil); err != nil {
		t.Fatal(err)
	}
	p = c.waitPublish(uri, 1, n)
	if len(p.Diagnostics) != 0 {
		t.Errorf("after going back to automatic: %+v, want none", p.Diagnostics)
	}
	c.mu.Lock()
	asked := strings.Join(c.requests, " ")
	c.mu.Unlock()
	if !strings.Contains(asked, "window/showMessageRequest") {
		t.Errorf("server did not ask: %s", asked)
	}
}
