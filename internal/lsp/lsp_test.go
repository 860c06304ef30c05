package lsp_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func k8sDoc(t *testing.T, body string) string {
	return "# yaml-language-server: $schema=" + repoFile(t, "testdata/lsp/k8s-subset.schema.json") + "\n" + body
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    spec:
      containers:
        - name: web
          image: nginx
          imagePullPolicy: Always
`

func TestLifecycle(t *testing.T) {
	c := start(t)
	if err := c.call("textDocument/hover", map[string]any{"textDocument": textDoc("file:///x.yaml"), "position": pos(0, 0)}, nil); err == nil || err.Code != -32002 {
		t.Fatalf("request before initialize: got %+v, want ServerNotInitialized (-32002)", err)
	}
	res := c.initialize(map[string]any{"textDocument": map[string]any{"diagnostic": map[string]any{}}}, "")
	caps := res["capabilities"].(map[string]any)
	sync := caps["textDocumentSync"].(map[string]any)
	if sync["change"].(float64) != 2 || sync["openClose"] != true {
		t.Errorf("textDocumentSync = %v, want incremental with openClose", sync)
	}
	for _, k := range []string{"hoverProvider", "completionProvider", "codeActionProvider", "documentSymbolProvider", "definitionProvider", "diagnosticProvider"} {
		if caps[k] == nil {
			t.Errorf("capability %s missing", k)
		}
	}
	if info := res["serverInfo"].(map[string]any); info["name"] != "yaml-lsp" {
		t.Errorf("serverInfo = %v", info)
	}
	if err := c.call("initialize", map[string]any{"capabilities": map[string]any{}}, nil); err == nil {
		t.Errorf("second initialize accepted")
	}
	c.shutdown()
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		t.Fatal("server did not exit after shutdown+exit")
	}
	if err := c.cmd.Wait(); err != nil {
		t.Errorf("exit after shutdown: %v, want status 0", err)
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	c := start(t)
	c.initialize(nil, "")
	c.notify("exit", nil)
	<-c.done
	err := c.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Errorf("exit without shutdown: %v, want status 1", err)
	}
}

func TestDiagnosticsUTF16AndIncrementalEdits(t *testing.T) {
	c := start(t)
	c.initialize(nil, "")
	uri := "file:///tmp/yaml-lsp-test/emoji.yaml"
	// The bad value sits after CJK and astral-plane characters on its line:
	// its UTF-16 column differs from its byte and rune columns.
	line := `  labels: {team: "日本語🙂🙂", tier: 5}`
	text := k8sDoc(t, strings.Replace(deployment, "  name: web\n", "  name: web\n"+line+"\n", 1))
	c.open(uri, text)
	p := c.waitPublish(uri, 1, 0)
	var got *lspDiag
	for i, d := range p.Diagnostics {
		if d.Range.Start.Line == 5 {
			got = &p.Diagnostics[i]
		}
	}
	if got == nil {
		t.Fatalf("no diagnostic on line 6: %+v", p.Diagnostics)
	}
	wantCol := utf16Len(line[:strings.Index(line, "5}")])
	if got.Range.Start.Character != wantCol || got.Range.End.Character != wantCol+1 {
		t.Errorf("diagnostic range %+v, want UTF-16 columns %d-%d", got.Range, wantCol, wantCol+1)
	}
	if got.Source != "yamlint" || got.Code != "schema" || got.Severity != 1 {
		t.Errorf("diagnostic %+v, want source yamlint, code schema, severity 1", got)
	}

	// Incremental edit addressed in UTF-16 after the emoji: 5 -> "5".
	col := utf16Len(line[:strings.Index(line, "5}")])
	n := c.publishCount()
	c.change(uri, 2, edit(5, col, 5, col+1, `"5"`))
	p = c.waitPublish(uri, 2, n)
	for _, d := range p.Diagnostics {
		if d.Range.Start.Line == 5 {
			t.Errorf("diagnostic left after the fix: %+v (text after edit must be %q)", d, strings.Replace(line, "5}", `"5"}`, 1))
		}
	}

	// A burst of edits (type "abc", delete it, ...) is coalesced and the
	// last version wins; versions never go backwards.
	n = c.publishCount()
	v := 2
	for i := 0; i < 10; i++ {
		v++
		if i%2 == 0 {
			c.change(uri, v, edit(4, 11, 4, 11, "x"))
		} else {
			c.change(uri, v, edit(4, 11, 4, 12, ""))
		}
	}
	c.waitPublish(uri, v, n)
	time.Sleep(150 * time.Millisecond)
	c.mu.Lock()
	burst := c.publishes[n:]
	c.mu.Unlock()
	last := 0
	for _, p := range burst {
		if p.Version == nil || *p.Version < last {
			t.Fatalf("publish versions went backwards: %s", c.publishLog())
		}
		last = *p.Version
	}
	if last != v {
		t.Errorf("last publish is version %d, want %d", last, v)
	}
	if len(burst) > 4 {
		t.Errorf("10 rapid edits gave %d publishes; want them coalesced (%s)", len(burst), c.publishLog())
	}

	// Full-text sync (a change without range) is honoured too.
	n = c.publishCount()
	v++
	c.change(uri, v, map[string]any{"text": "a: [\n"})
	p = c.waitPublish(uri, v, n)
	if len(p.Diagnostics) == 0 || p.Diagnostics[0].Code != "syntax" {
		t.Errorf("full replace with broken YAML: %+v, want a syntax diagnostic", p.Diagnostics)
	}

	// Closing clears the document's diagnostics.
	n = c.publishCount()
	c.notify("textDocument/didClose", map[string]any{"textDocument": textDoc(uri)})
	if p := c.waitPublish(uri, -1, n); len(p.Diagnostics) != 0 {
		t.Errorf("didClose: %d diagnostics, want cleared", len(p.Diagnostics))
	}
}

func TestBinaryAndHugeDocuments(t *testing.T) {
	c := start(t)
	c.initialize(nil, "")
	uri := "file:///tmp/yaml-lsp-test/bin.yaml"
	c.open(uri, "a: 1\n\x00\x01\x02")
	p := c.waitPublish(uri, 1, 0)
	if len(p.Diagnostics) != 1 || !strings.Contains(p.Diagnostics[0].Message, "not a text file") {
		t.Errorf("binary document: %+v, want one clear diagnostic", p.Diagnostics)
	}
	huge := "file:///tmp/yaml-lsp-test/huge.yaml"
	c.open(huge, strings.Repeat("key: value\n", 1+(10<<20)/11))
	p = c.waitPublish(huge, 1, 0)
	if len(p.Diagnostics) != 1 || !strings.Contains(p.Diagnostics[0].Message, "max-file-size") {
		t.Errorf("huge document: %+v, want one clear diagnostic", p.Diagnostics)
	}
}

func TestPullDiagnostics(t *testing.T) {
	c := start(t)
	c.initialize(map[string]any{"textDocument": map[string]any{"diagnostic": map[string]any{}}}, "")
	uri := "file:///tmp/yaml-lsp-test/pull.yaml"
	c.open(uri, k8sDoc(t, strings.Replace(deployment, "replicas: 2", "replicas: two", 1)))
	var rep struct {
		Kind     string    `json:"kind"`
		ResultID string    `json:"resultId"`
		Items    []lspDiag `json:"items"`
	}
	if err := c.call("textDocument/diagnostic", map[string]any{"textDocument": textDoc(uri)}, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Kind != "full" || len(rep.Items) != 1 || rep.Items[0].Range.Start.Line != 6 {
		t.Fatalf("pull report %+v, want one error on line 7", rep)
	}
	prev := rep.ResultID
	if err := c.call("textDocument/diagnostic", map[string]any{"textDocument": textDoc(uri), "previousResultId": prev}, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Kind != "unchanged" {
		t.Errorf("same version pulled again: kind %q, want unchanged", rep.Kind)
	}
	c.change(uri, 2, edit(6, 12, 6, 15, "3"))
	if err := c.call("textDocument/diagnostic", map[string]any{"textDocument": textDoc(uri), "previousResultId": prev}, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Kind != "full" || len(rep.Items) != 0 {
		t.Errorf("after the fix: %+v, want a full empty report", rep)
	}
}

func TestHover(t *testing.T) {
	c := start(t)
	c.initialize(map[string]any{"textDocument": map[string]any{"hover": map[string]any{"contentFormat": []string{"markdown"}}}}, "")
	uri := "file:///tmp/yaml-lsp-test/hover.yaml"
	c.open(uri, k8sDoc(t, deployment))
	c.waitPublish(uri, 1, 0)
	var h struct {
		Contents struct{ Kind, Value string }
		Range    lspRange
	}
	// "replicas" key (line 6, 0-based, after the modeline).
	if err := c.call("textDocument/hover", map[string]any{"textDocument": textDoc(uri), "position": pos(6, 4)}, &h); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"**Replicas**", "Number of desired pods", "`$.spec.replicas`", "`integer`"} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("hover on replicas = %q, want it to contain %q", h.Contents.Value, want)
		}
	}
	if h.Contents.Kind != "markdown" || h.Range.Start.Line != 6 || h.Range.Start.Character != 2 || h.Range.End.Character != 10 {
		t.Errorf("hover kind/range = %s %+v", h.Contents.Kind, h.Range)
	}
	// A value deep in a sequence: $ref + items + oneOf branch by kind.
	if err := c.call("textDocument/hover", map[string]any{"textDocument": textDoc(uri), "position": pos(15, 30)}, &h); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Image pull policy", "$.spec.template.spec.containers[0].imagePullPolicy", `"IfNotPresent"`} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("hover on imagePullPolicy value = %q, want %q", h.Contents.Value, want)
		}
	}
	// Right after an edit (before the lint of the new version) hover parses
	// only the document under the cursor; positions must still be right.
	c.change(uri, 2, edit(1, 0, 1, 0, "x: 1\n---\n"))
	if err := c.call("textDocument/hover", map[string]any{"textDocument": textDoc(uri), "position": pos(8, 4)}, &h); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.Contents.Value, "`$.spec.replicas`") || h.Range.Start.Line != 8 || h.Range.Start.Character != 2 {
		t.Errorf("hover after an edit = %q at %+v", h.Contents.Value, h.Range)
	}
}

type completionList struct {
	Items []struct {
		Label            string
		SortText         string
		InsertTextFormat int
		TextEdit         struct {
			Range   lspRange
			NewText string
		}
	}
}

func (l completionList) labels() []string {
	var out []string
	for _, it := range l.Items {
		out = append(out, it.Label)
	}
	return out
}

func TestCompletion(t *testing.T) {
	c := start(t)
	c.initialize(map[string]any{"textDocument": map[string]any{"completion": map[string]any{"completionItem": map[string]any{"snippetSupport": true}}}}, "")
	uri := "file:///tmp/yaml-lsp-test/complete.yaml"
	doc := k8sDoc(t, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  re
  template:
    spec:
      containers:
        - name: web
          imagePullPolicy: 
`)
	c.open(uri, doc)
	c.waitPublish(uri, 1, 0)
	var l completionList
	// Keys under spec: the Deployment branch is chosen by kind.
	if err := c.call("textDocument/completion", map[string]any{"textDocument": textDoc(uri), "position": pos(6, 4)}, &l); err != nil {
		t.Fatal(err)
	}
	labels := l.labels()
	if len(labels) == 0 || labels[0] != "selector" {
		t.Fatalf("key completion under spec = %v, want required 'selector' first ('template' is present)", labels)
	}
	has := map[string]bool{}
	for _, it := range l.Items {
		has[it.Label] = true
		if it.Label == "strategy" && (it.InsertTextFormat != 2 || !strings.HasPrefix(it.TextEdit.NewText, "strategy:\n    ")) {
			t.Errorf("object property snippet = %q (format %d)", it.TextEdit.NewText, it.InsertTextFormat)
		}
		if it.TextEdit.Range.Start.Character != 2 || it.TextEdit.Range.End.Character != 4 {
			t.Errorf("completion replaces %+v, want the typed prefix (2-4)", it.TextEdit.Range)
		}
	}
	if !has["replicas"] || has["template"] || has["ports"] {
		t.Errorf("key completion = %v: want replicas, not the present template, not Service's ports", labels)
	}
	// Enum values (with the half-typed key finished first).
	c.change(uri, 2, edit(6, 2, 6, 4, "replicas: 1"))
	if err := c.call("textDocument/completion", map[string]any{"textDocument": textDoc(uri), "position": pos(11, 27)}, &l); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(l.labels(), ","); got != "Always,Never,IfNotPresent" {
		t.Errorf("value completion = %s", got)
	}
	// Required children in a snippet for a nested object; a new sequence item.
	c.change(uri, 3, edit(11, 10, 11, 27, "ports:\n            - "))
	if err := c.call("textDocument/completion", map[string]any{"textDocument": textDoc(uri), "position": pos(12, 14)}, &l); err != nil {
		t.Fatal(err)
	}
	if labels := l.labels(); len(labels) == 0 || labels[0] != "containerPort" {
		t.Errorf("completion in a new ports item = %v, want containerPort first", labels)
	}
}

func TestCodeActions(t *testing.T) {
	c := start(t)
	c.initialize(nil, "")
	uri := "file:///tmp/yaml-lsp-test/fix.yaml"
	c.open(uri, k8sDoc(t, strings.Replace(deployment, "imagePullPolicy: Always", "imagePullPolicy: Allways", 1)))
	p := c.waitPublish(uri, 1, 0)
	if len(p.Diagnostics) != 1 {
		t.Fatalf("diagnostics %+v, want one", p.Diagnostics)
	}
	d := p.Diagnostics[0]
	var actions []struct {
		Title       string
		Kind        string
		Diagnostics []lspDiag
		Edit        struct {
			Changes map[string][]struct {
				Range   lspRange
				NewText string
			}
		}
	}
	if err := c.call("textDocument/codeAction", map[string]any{"textDocument": textDoc(uri), "range": d.Range,
		"context": map[string]any{"diagnostics": []any{d}}}, &actions); err != nil {
		t.Fatal(err)
	}
	if len(actions) != 2 {
		t.Fatalf("code actions %+v, want a fix and a disable", actions)
	}
	fix := actions[0]
	if fix.Title != `Change to "Always"` || fix.Kind != "quickfix" || len(fix.Diagnostics) != 1 || fix.Diagnostics[0].Message != d.Message {
		t.Errorf("fix = %+v", fix)
	}
	if e := fix.Edit.Changes[uri]; len(e) != 1 || e[0].NewText != "Always" || e[0].Range != d.Range {
		t.Errorf("fix edit = %+v", e)
	}
	dis := actions[1]
	if e := dis.Edit.Changes[uri]; len(e) != 1 || e[0].NewText != "          # yamllint disable-line rule:schema\n" || e[0].Range.Start.Line != d.Range.Start.Line || e[0].Range.Start.Character != 0 {
		t.Errorf("disable-line edit = %+v", e)
	}
	// Applying the fix (to a second copy of the document) resolves it.
	uri2 := "file:///tmp/yaml-lsp-test/fix2.yaml"
	c.open(uri2, k8sDoc(t, strings.Replace(deployment, "imagePullPolicy: Always", "imagePullPolicy: Allways", 1)))
	c.waitPublish(uri2, 1, 0)
	fe := fix.Edit.Changes[uri][0]
	c.change(uri2, 2, edit(fe.Range.Start.Line, fe.Range.Start.Character, fe.Range.End.Line, fe.Range.End.Character, fe.NewText))
	if p := c.waitPublish(uri2, 2, 0); len(p.Diagnostics) != 0 {
		t.Errorf("after applying the fix: %+v, want none", p.Diagnostics)
	}
	// Applying it silences the finding (the engine honours the directive).
	e := dis.Edit.Changes[uri][0]
	c.change(uri, 2, edit(e.Range.Start.Line, e.Range.Start.Character, e.Range.End.Line, e.Range.End.Character, e.NewText))
	if p := c.waitPublish(uri, 2, 0); len(p.Diagnostics) != 0 {
		t.Errorf("after applying the disable-line action: %+v, want none", p.Diagnostics)
	}
}

func TestSymbolsAndDefinition(t *testing.T) {
	c := start(t)
	c.initialize(map[string]any{"textDocument": map[string]any{"documentSymbol": map[string]any{"hierarchicalDocumentSymbolSupport": true}}}, "")
	uri := "file:///tmp/yaml-lsp-test/multi.yaml"
	c.open(uri, deployment+"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-svc\n---\nbase: &base {a: 1}\nother:\n  <<: *base\n  b: *base\n")
	var syms []struct {
		Name     string
		Kind     int
		Children []struct{ Name string }
	}
	if err := c.call("textDocument/documentSymbol", map[string]any{"textDocument": textDoc(uri)}, &syms); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range syms {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "Deployment/web,Service/web-svc,Document 3" {
		t.Fatalf("symbols = %v", names)
	}
	if len(syms[0].Children) != 4 || syms[0].Children[3].Name != "spec" {
		t.Errorf("Deployment children = %+v, want its 4 top-level keys", syms[0].Children)
	}
	var locs []struct {
		URI   string
		Range lspRange
	}
	for _, at := range [][2]int{{23, 6}, {23, 8}, {24, 7}} { // "  <<: *base", "  b: *base"
		if err := c.call("textDocument/definition", map[string]any{"textDocument": textDoc(uri), "position": pos(at[0], at[1])}, &locs); err != nil {
			t.Fatal(err)
		}
		if len(locs) != 1 || locs[0].Range.Start.Line != 21 || locs[0].Range.Start.Character != 6 || locs[0].Range.End.Character != 11 {
			t.Errorf("definition at %v = %+v, want the anchor &base at 21:6-11", at, locs)
		}
	}
	if err := c.call("textDocument/definition", map[string]any{"textDocument": textDoc(uri), "position": pos(22, 2)}, &locs); err != nil || len(locs) != 0 {
		t.Errorf("definition on a plain key = %+v, %+v; want none", locs, err)
	}
	// Anchors do not cross documents.
	c.change(uri, 2, edit(25, 0, 25, 0, "---\nc: *base\n"))
	if err := c.call("textDocument/definition", map[string]any{"textDocument": textDoc(uri), "position": pos(26, 4)}, &locs); err != nil || len(locs) != 0 {
		t.Errorf("definition of an alias to another document's anchor = %+v, %+v; want none", locs, err)
	}
}

func TestConfiguration(t *testing.T) {
	dir := t.TempDir()
	schema := repoFile(t, "testdata/lsp/k8s-subset.schema.json")
	bad := strings.Replace(deployment, "replicas: 2", "replicas: two", 1)
	path := filepath.Join(dir, "app.k8s.yaml")
	uri := fileURI(path)

	c := start(t)
	c.settings = map[string]any{"yaml": map[string]any{"schemas": map[string]any{schema: []string{"*.k8s.yaml"}}}}
	c.initialize(map[string]any{"workspace": map[string]any{"configuration": true}}, dir)
	// The server pulls workspace/configuration after initialized.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c.mu.Lock()
		asked := strings.Join(c.requests, ",")
		c.mu.Unlock()
		if strings.Contains(asked, "workspace/configuration") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server never asked for workspace/configuration (requests: %s)", asked)
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	c.open(uri, bad)
	if p := c.waitPublish(uri, 1, 0); len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != 1 {
		t.Fatalf("yaml.schemas from workspace/configuration: %+v, want one error", p.Diagnostics)
	}

	// A pushed yaml.validate=false silences the document.
	n := c.publishCount()
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"yaml": map[string]any{"validate": false}}})
	if p := c.waitPublish(uri, 1, n); len(p.Diagnostics) != 0 {
		t.Errorf("validate=false: %+v", p.Diagnostics)
	}
	n = c.publishCount()
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"yaml": map[string]any{"validate": true}}})
	c.waitPublish(uri, 1, n)

	// A didChangeConfiguration without settings (VS Code style) makes the
	// server pull them again.
	c.mu.Lock()
	c.settings = map[string]any{"yaml": map[string]any{"validate": false}}
	c.mu.Unlock()
	n = c.publishCount()
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	if p := c.waitPublish(uri, 1, n); len(p.Diagnostics) != 0 {
		t.Errorf("after pulling yaml.validate=false: %+v, want none", p.Diagnostics)
	}
	c.mu.Lock()
	c.settings = map[string]any{"yaml": map[string]any{"validate": true, "schemas": map[string]any{schema: "*.k8s.yaml"}}}
	c.mu.Unlock()
	n = c.publishCount()
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	if p := c.waitPublish(uri, 1, n); len(p.Diagnostics) != 1 {
		t.Fatalf("after pulling yaml.validate=true: %+v, want one error", p.Diagnostics)
	}

	// The workspace's .yamlint.yaml applies; a change to it re-checks.
	cfg := filepath.Join(dir, ".yamlint.yaml")
	if err := os.WriteFile(cfg, []byte("severity:\n  schema: warning\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	n = c.publishCount()
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(cfg), "type": 1}}})
	if p := c.waitPublish(uri, 1, n); len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != 2 {
		t.Errorf("after .yamlint.yaml sets schema: warning: %+v, want one warning", p.Diagnostics)
	}
	if err := os.WriteFile(cfg, []byte("severity:\n  schema: info\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	n = c.publishCount()
	c.notify("textDocument/didSave", map[string]any{"textDocument": textDoc(fileURI(cfg))})
	if p := c.waitPublish(uri, 1, n); len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != 3 {
		t.Errorf("after saving .yamlint.yaml with schema: info: %+v, want one information", p.Diagnostics)
	}

	// A broken config is reported once, with its position, and the
	// defaults apply meanwhile.
	if err := os.WriteFile(cfg, []byte("severity: 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	n = c.publishCount()
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(cfg), "type": 2}}})
	if p := c.waitPublish(uri, 1, n); len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != 1 {
		t.Errorf("with a broken .yamlint.yaml: %+v, want the default severity", p.Diagnostics)
	}
	c.mu.Lock()
	logs := strings.Join(c.logs, "\n")
	c.mu.Unlock()
	if !strings.Contains(logs, ".yamlint.yaml:1:") {
		t.Errorf("broken config not reported with its position; messages:\n%s", logs)
	}
}

func TestCancellation(t *testing.T) {
	c := start(t)
	c.initialize(map[string]any{"textDocument": map[string]any{"diagnostic": map[string]any{}}}, "")
	uri := "file:///tmp/yaml-lsp-test/big.yaml"
	var b strings.Builder
	for i := 0; b.Len() < 512<<10; i++ {
		b.WriteString(strings.Replace(deployment, "name: web\n", "name: web-"+strings.Repeat("x", i%7)+"\n", 1))
		b.WriteString("---\n")
	}
	c.open(uri, k8sDoc(t, b.String()))
	// Each edit restarts the lint of a 512 KiB document; a pull waits for it
	// and is cancelled before it can finish.
	cancelled := 0
	for i := 0; i < 5; i++ {
		c.change(uri, 2+i, edit(1, 0, 1, 0, "#\n"))
		id, ch := c.request("textDocument/diagnostic", map[string]any{"textDocument": textDoc(uri)})
		c.notify("$/cancelRequest", map[string]any{"id": id})
		select {
		case m := <-ch:
			if m.Error != nil {
				if m.Error.Code != -32800 {
					t.Fatalf("cancelled request: error %+v, want RequestCancelled (-32800)", m.Error)
				}
				cancelled++
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no response to a cancelled request")
		}
	}
	if cancelled == 0 {
		t.Errorf("no request was reported cancelled")
	}
	// The session goes on.
	var syms []any
	if err := c.call("textDocument/documentSymbol", map[string]any{"textDocument": textDoc(uri)}, &syms); err != nil || len(syms) == 0 {
		t.Errorf("after cancellations: symbols %d, err %+v", len(syms), err)
	}
}

func TestMalformedMessages(t *testing.T) {
	c := start(t)
	c.initialize(nil, "")
	ch := make(chan message, 4)
	c.mu.Lock()
	c.pending["null"] = ch
	c.mu.Unlock()
	c.sendRaw([]byte(`{"jsonrpc":"2.0","id":7,"method":`))
	select {
	case m := <-ch:
		if m.Error == nil || m.Error.Code != -32700 {
			t.Errorf("truncated JSON: %+v, want ParseError", m.Error)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no error response to malformed JSON")
	}
	if err := c.call("no/such/method", map[string]any{}, nil); err == nil || err.Code != -32601 {
		t.Errorf("unknown method: %+v, want MethodNotFound", err)
	}
	if err := c.call("textDocument/hover", json.RawMessage(`[1,2]`), nil); err == nil || err.Code != -32602 {
		t.Errorf("bad params: %+v, want InvalidParams", err)
	}
	// Still alive.
	var syms []any
	if err := c.call("textDocument/documentSymbol", map[string]any{"textDocument": textDoc("file:///none.yaml")}, &syms); err != nil {
		t.Errorf("after malformed input: %+v", err)
	}
	c.shutdown()
}

// TestNeovim runs the real-editor check (scripts/nvim-lsp-test.sh) when
// Neovim is installed (scripts/install-neovim.sh installs it).
func TestNeovim(t *testing.T) {
	if _, err := exec.LookPath("nvim"); err != nil {
		t.Skip("nvim not installed (run scripts/install-neovim.sh); skipping the headless Neovim check")
	}
	out, err := exec.Command(repoFile(t, "scripts/nvim-lsp-test.sh"), serverBin).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "PASS:") {
		t.Fatalf("headless Neovim check failed (%v):\n%s", err, out)
	}
}

// TestKubernetes checks a manifest with no association: the engine's
// Kubernetes schemas validate it, and hover and completion walk the same
// per-kind schema; yamlint.kubernetesVersion switches the release.
func TestKubernetes(t *testing.T) {
	c := start(t)
	c.initialize(map[string]any{"textDocument": map[string]any{"hover": map[string]any{"contentFormat": []string{"markdown"}}}}, "")
	uri := "file:///tmp/yaml-lsp-test/deploy.yaml"
	c.open(uri, strings.Replace(deployment, "replicas: 2", "replicas: two", 1)+"        - na\n")
	p := c.waitPublish(uri, 1, 0)
	found := false
	for _, d := range p.Diagnostics {
		if d.Range.Start.Line == 5 && strings.Contains(d.Message, "integer") {
			found = true
		}
	}
	if !found {
		t.Fatalf("Kubernetes validation: %+v, want the bad replicas on line 6", p.Diagnostics)
	}
	var h struct{ Contents struct{ Value string } }
	if err := c.call("textDocument/hover", map[string]any{"textDocument": textDoc(uri), "position": pos(5, 4)}, &h); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"$.spec.replicas", "https://yamlint.dev/kubernetes/", "apps/v1/Deployment.json", "`integer`"} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("hover on replicas = %q, want %q", h.Contents.Value, want)
		}
	}
	if len(h.Contents.Value) < 120 {
		t.Errorf("hover on replicas has no description: %q", h.Contents.Value)
	}
	var l completionList
	if err := c.call("textDocument/completion", map[string]any{"textDocument": textDoc(uri), "position": pos(15, 12)}, &l); err != nil {
		t.Fatal(err)
	}
	has := map[string]bool{}
	for _, s := range l.labels() {
		has[s] = true
	}
	if !has["name"] || !has["image"] || !has["ports"] || has["replicas"] {
		t.Errorf("completion in a container = %v, want container fields", l.labels())
	}
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"yamlint": map[string]any{"kubernetesVersion": "1.27"}}})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if err := c.call("textDocument/hover", map[string]any{"textDocument": textDoc(uri), "position": pos(5, 4)}, &h); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(h.Contents.Value, "/kubernetes/v1.27.") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after kubernetesVersion 1.27, hover = %q", h.Contents.Value)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestInitializationOptions: settings may also come with initialize, as
// Helix and some other clients send them.
func TestInitializationOptions(t *testing.T) {
	schema := repoFile(t, "testdata/lsp/k8s-subset.schema.json")
	c := start(t)
	var res map[string]any
	if err := c.call("initialize", map[string]any{"capabilities": map[string]any{}, "initializationOptions": map[string]any{
		"yaml": map[string]any{"schemas": map[string]any{schema: "*.app.yaml"}, "hover": false}}}, &res); err != nil {
		t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
	uri := "file:///tmp/yaml-lsp-test/x.app.yaml"
	c.open(uri, "kind: Service\n")
	p := c.waitPublish(uri, 1, 0)
	if len(p.Diagnostics) == 0 || p.Diagnostics[0].Code != "schema" {
		t.Errorf("yaml.schemas from initializationOptions: %+v, want schema errors", p.Diagnostics)
	}
	var h any
	if err := c.call("textDocument/hover", map[string]any{"textDocument": textDoc(uri), "position": pos(0, 1)}, &h); err != nil || h != nil {
		t.Errorf("yaml.hover=false: hover = %v, %v; want null", h, err)
	}
}

// TestCompletionGitHubWorkflow: a bundled schema chosen by the catalog
// (path .github/workflows/*.yml); values for a scalar, for a new item of a
// list of scalars, and event names as keys.
func TestCompletionGitHubWorkflow(t *testing.T) {
	dir := t.TempDir()
	uri := fileURI(filepath.Join(dir, ".github", "workflows", "ci.yml"))
	c := start(t)
	c.initialize(nil, dir)
	c.open(uri, "on:\n  - pu\njobs: {}\n")
	c.waitPublish(uri, 1, 0)
	var l completionList
	if err := c.call("textDocument/completion", map[string]any{"textDocument": textDoc(uri), "position": pos(1, 6)}, &l); err != nil {
		t.Fatal(err)
	}
	if labels := strings.Join(l.labels(), ","); !strings.Contains(labels, "push") || !strings.Contains(labels, "pull_request") {
		t.Errorf("completion of a new 'on' item = %s, want event names", labels)
	}
	c.change(uri, 2, edit(0, 0, 2, 0, "on: pu\n"))
	if err := c.call("textDocument/completion", map[string]any{"textDocument": textDoc(uri), "position": pos(0, 6)}, &l); err != nil {
		t.Fatal(err)
	}
	if labels := strings.Join(l.labels(), ","); !strings.Contains(labels, "push") || strings.Contains(labels, "true") {
		t.Errorf("completion of 'on: pu' = %s, want event names", labels)
	}
}
