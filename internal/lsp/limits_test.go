package lsp_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// waitLog waits for a window/logMessage or showMessage containing s.
func (c *client) waitLog(s string) string {
	c.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		c.mu.Lock()
		for _, l := range c.logs {
			if strings.Contains(l, s) {
				c.mu.Unlock()
				return l
			}
		}
		c.mu.Unlock()
		select {
		case <-c.changed:
		case <-deadline:
			c.mu.Lock()
			logs := strings.Join(c.logs, "\n")
			c.mu.Unlock()
			c.t.Fatalf("no message containing %q within 30s; messages:\n%s", s, logs)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// An oversized header line over the real pipe: refused, and the session
// goes on.
func TestHeaderLineLimitOverPipe(t *testing.T) {
	c := start(t)
	c.initialize(nil, "")
	ch := make(chan message, 4)
	c.mu.Lock()
	c.pending["null"] = ch
	c.mu.Unlock()
	body := `{"jsonrpc":"2.0","method":"$/noop"}`
	c.wmu.Lock()
	fmt.Fprintf(c.stdin, "Content-Length: %d\r\nX-Junk: %s\r\n\r\n%s", len(body), strings.Repeat("a", 20<<20), body)
	c.wmu.Unlock()
	select {
	case m := <-ch:
		if m.Error == nil || !strings.Contains(m.Error.Message, "header line longer than") {
			t.Errorf("response %+v, want the header line refused", m.Error)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no error response to a 20 MB header line")
	}
	var syms []any
	if err := c.call("textDocument/documentSymbol", map[string]any{"textDocument": textDoc("file:///none.yaml")}, &syms); err != nil {
		t.Errorf("after the long header: %+v", err)
	}
	c.shutdown()
}

// Invalid positions in didChange are reported (window/logMessage and one
// diagnostic) instead of being clamped into silent drift; the document
// resyncs from the saved file or from a full-text change.
func TestInvalidEditPositionsResync(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.yaml")
	saved := "a: 1\na: 2\n" // one duplicate key
	if err := os.WriteFile(path, []byte(saved), 0o644); err != nil {
		t.Fatal(err)
	}
	c := start(t)
	c.initialize(nil, dir)
	uri := fileURI(path)
	c.open(uri, saved)
	if p := c.waitPublish(uri, 1, 0); len(p.Diagnostics) != 1 {
		t.Fatalf("open: %+v", p.Diagnostics)
	}
	for i, tc := range []struct {
		change map[string]any
		log    string
	}{
		{edit(-1, 0, 0, 1, "x"), "negative position -1:0"},
		{edit(0, 0, 7, 0, ""), "position 7:0 is past the end of the document (3 lines)"},
		{edit(1, 2, 0, 1, ""), "range start 1:2 is after its end 0:1"},
	} {
		v := 2 + 4*i
		n := c.publishCount()
		c.change(uri, v, tc.change)
		c.waitLog(tc.log)
		p := c.waitPublish(uri, v, n)
		if len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != "lsp-sync" || !strings.Contains(p.Diagnostics[0].Message, "save the file") {
			t.Fatalf("%s: diagnostics %+v, want the one out-of-sync warning", tc.log, p.Diagnostics)
		}
		// Out of sync: incremental edits are ignored, requests get nothing.
		c.change(uri, v+1, edit(0, 0, 0, 0, "zzz: [\n"))
		var h any
		if err := c.call("textDocument/hover", map[string]any{"textDocument": textDoc(uri), "position": pos(0, 0)}, &h); err != nil || h != nil {
			t.Errorf("hover while out of sync: %v, %v; want null", h, err)
		}
		// Resync: first from disk on save, then from a full-text change.
		n = c.publishCount()
		if i%2 == 0 {
			c.notify("textDocument/didSave", map[string]any{"textDocument": textDoc(uri)})
			c.waitLog("back in sync (saved text)")
			p = c.waitPublish(uri, v+1, n)
			if len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != "duplicate-key" {
				t.Errorf("after save: %+v, want the saved text's duplicate key", p.Diagnostics)
			}
			c.mu.Lock()
			c.logs = nil
			c.mu.Unlock()
			// Resynced text takes edits again: fix the duplicate key.
			n = c.publishCount()
			c.change(uri, v+2, edit(1, 0, 1, 1, "b"))
			if p := c.waitPublish(uri, v+2, n); len(p.Diagnostics) != 0 {
				t.Errorf("edit after resync: %+v, want none", p.Diagnostics)
			}
			c.change(uri, v+3, map[string]any{"text": saved})
		} else {
			c.change(uri, v+2, map[string]any{"text": "c: 1\nc: 2\nc: 3\n"})
			c.waitLog("back in sync (full text received)")
			p = c.waitPublish(uri, v+2, n)
			if len(p.Diagnostics) != 2 {
				t.Errorf("after full text: %+v, want two duplicate keys", p.Diagnostics)
			}
			c.change(uri, v+3, map[string]any{"text": saved})
		}
		c.mu.Lock()
		c.logs = nil
		c.mu.Unlock()
	}
	c.shutdown()
}

// The workspace's own config cannot turn on fetching, and a modeline
// cannot name a schema outside the workspace.
func TestLSPTrustBoundaries(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	os.WriteFile(filepath.Join(dir, ".yamlint.yaml"), []byte("remote: true\n"), 0o644)
	c := start(t)
	c.initialize(nil, dir)
	passwd := fileURI(filepath.Join(dir, "passwd.yaml"))
	remote := fileURI(filepath.Join(dir, "remote.yaml"))
	good := fileURI(filepath.Join(dir, "good.yaml"))
	c.open(passwd, "# yaml-language-server: $schema=/etc/passwd\na: 1\n")
	c.open(remote, "# yaml-language-server: $schema=https://127.0.0.1:9/s.json\na: 1\n")
	c.open(good, "a: 1\na: 2\n")
	if p := c.waitPublish(passwd, 1, 0); len(p.Diagnostics) != 1 || !strings.Contains(p.Diagnostics[0].Message, "outside the repository or workspace root") {
		t.Errorf("modeline to /etc/passwd: %+v", p.Diagnostics)
	}
	if p := c.waitPublish(remote, 1, 0); len(p.Diagnostics) != 1 || !strings.Contains(p.Diagnostics[0].Message, "not fetched by default") {
		t.Errorf("remote modeline with the workspace's remote: true: %+v", p.Diagnostics)
	}
	if p := c.waitPublish(good, 1, 0); len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != "duplicate-key" {
		t.Errorf("good file: %+v", p.Diagnostics)
	}
	c.waitLog("`remote: true` in a repository's config is ignored")
	c.shutdown()
}
