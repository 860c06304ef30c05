package lsp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type wsReport struct {
	Kind     string    `json:"kind"`
	URI      string    `json:"uri"`
	Version  *int      `json:"version"`
	ResultID string    `json:"resultId"`
	Items    []lspDiag `json:"items"`
}

func TestWorkspaceDiagnostics(t *testing.T) {
	root := t.TempDir()
	bad := strings.Replace(deployment, "replicas: 2", "replicas: two", 1)
	writeFiles(t, root, map[string]string{
		"ok.yaml":             "a: 1\n",
		"k8s/bad.yaml":        bad,
		"k8s/sub/also.yml":    "b: [1, 2]\n",
		"node_modules/x.yaml": "bad: [\n",
		"open.yaml":           "c: 3\n",
		"notes.txt":           "x: [\n",
	})
	c := start(t)
	res := c.initialize(map[string]any{"textDocument": map[string]any{"diagnostic": map[string]any{}},
		"window": map[string]any{"workDoneProgress": true}}, root)
	dp := res["capabilities"].(map[string]any)["diagnosticProvider"].(map[string]any)
	if dp["workspaceDiagnostics"] != true {
		t.Errorf("diagnosticProvider %v, want workspaceDiagnostics", dp)
	}
	c.open(fileURI(filepath.Join(root, "open.yaml")), "c: 3\n")

	var final struct {
		Items []wsReport `json:"items"`
	}
	if err := c.call("workspace/diagnostic", map[string]any{"previousResultIds": []any{}, "partialResultToken": "part", "workDoneToken": "work"}, &final); err != nil {
		t.Fatal(err)
	}
	if len(final.Items) != 0 {
		t.Errorf("final response has %d items; with a partial result token all go as partial results", len(final.Items))
	}
	c.mu.Lock()
	notes := append([]progressNote(nil), c.progress...)
	c.mu.Unlock()
	reports := map[string]wsReport{}
	var kinds []string
	for _, n := range notes {
		switch string(n.Token) {
		case `"part"`:
			var v struct {
				Items []wsReport `json:"items"`
			}
			if err := json.Unmarshal(n.Value, &v); err != nil {
				t.Fatal(err)
			}
			for _, r := range v.Items {
				reports[strings.TrimPrefix(r.URI, fileURI(root)+"/")] = r
			}
		case `"work"`:
			var v struct{ Kind string }
			_ = json.Unmarshal(n.Value, &v)
			kinds = append(kinds, v.Kind)
		}
	}
	if len(kinds) < 2 || kinds[0] != "begin" || kinds[len(kinds)-1] != "end" {
		t.Errorf("work done progress %v, want begin ... end", kinds)
	}
	if len(reports) != 3 {
		t.Fatalf("reports for %v, want ok.yaml, k8s/bad.yaml, k8s/sub/also.yml (not node_modules, the open file or .txt)", keys(reports))
	}
	if r := reports["k8s/bad.yaml"]; r.Kind != "full" || len(r.Items) != 1 || r.Items[0].Range.Start.Line != 5 || r.Version != nil {
		t.Errorf("bad.yaml report %+v, want one error on line 6 and version null", r)
	}
	if r := reports["ok.yaml"]; r.Kind != "full" || len(r.Items) != 0 || r.ResultID == "" {
		t.Errorf("ok.yaml report %+v", r)
	}

	// With the result ids, nothing changed: the request waits; a change on
	// disk reported by the client ends the wait, and only the changed file
	// is reported in full.
	var prev []any
	for name, r := range reports {
		prev = append(prev, map[string]any{"uri": fileURI(filepath.Join(root, name)), "value": r.ResultID})
	}
	_, ch := c.request("workspace/diagnostic", map[string]any{"previousResultIds": prev})
	select {
	case m := <-ch:
		t.Fatalf("workspace/diagnostic answered at once although nothing changed: %s", m.Result)
	case <-time.After(300 * time.Millisecond):
	}
	time.Sleep(10 * time.Millisecond) // a distinct modification time
	if err := os.WriteFile(filepath.Join(root, "k8s/bad.yaml"), []byte(deployment), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(filepath.Join(root, "k8s/bad.yaml")), "type": 2}}})
	select {
	case m := <-ch:
		if m.Error != nil {
			t.Fatalf("workspace/diagnostic: %+v", m.Error)
		}
		var rep struct {
			Items []wsReport `json:"items"`
		}
		_ = json.Unmarshal(m.Result, &rep)
		full := 0
		for _, r := range rep.Items {
			if r.Kind == "full" {
				full++
				if !strings.HasSuffix(r.URI, "bad.yaml") || len(r.Items) != 0 {
					t.Errorf("full report %+v, want only the fixed bad.yaml, clean", r)
				}
			}
		}
		if full != 1 || len(rep.Items) != 3 {
			t.Errorf("after the change: %+v", rep.Items)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("workspace/diagnostic still waiting after a change")
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

const crdV1 = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: TYPE}
`

func TestChangedCRDRechecksOpenResources(t *testing.T) {
	root := t.TempDir()
	crd := filepath.Join(root, "crds/widget.yaml")
	writeFiles(t, root, map[string]string{"crds/widget.yaml": strings.Replace(crdV1, "TYPE", "integer", 1)})
	c := start(t)
	c.initialize(map[string]any{"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}}, root)
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(crd), "type": 1}}})
	uri := fileURI(filepath.Join(root, "app/widget.yaml"))
	c.open(uri, "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n")
	p := c.waitPublish(uri, 1, 0)
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range.Start.Line != 5 {
		t.Fatalf("custom resource against the CRD (size: integer): %+v, want one error on line 6", p.Diagnostics)
	}
	n := c.publishCount()
	if err := os.WriteFile(crd, []byte(strings.Replace(crdV1, "TYPE", "string", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(crd), "type": 2}}})
	p = c.waitPublish(uri, 1, n)
	if len(p.Diagnostics) != 0 {
		t.Errorf("after the CRD changed (size: string): %+v, want none", p.Diagnostics)
	}
	c.mu.Lock()
	reqs := strings.Join(c.requests, " ")
	c.mu.Unlock()
	if !strings.Contains(reqs, "client/registerCapability") {
		t.Errorf("no watcher registered: %s", reqs)
	}
}
