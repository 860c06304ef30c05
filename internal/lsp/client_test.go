package lsp_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// The integration tests build the real yaml-lsp binary once and drive it
// over a pipe with JSON-RPC, as an editor does.

var serverBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "yaml-lsp-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	serverBin = filepath.Join(dir, "yaml-lsp")
	build := exec.Command("go", "build", "-o", serverBin, "github.com/yamlint/yamlint/cmd/yaml-lsp")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building yaml-lsp:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

type message struct {
	ID     *json.RawMessage `json:"id"`
	Method string           `json:"method"`
	Params json.RawMessage  `json:"params"`
	Result json.RawMessage  `json:"result"`
	Error  *rpcError        `json:"error"`
}

type publish struct {
	URI         string    `json:"uri"`
	Version     *int      `json:"version"`
	Diagnostics []lspDiag `json:"diagnostics"`
	At          time.Time `json:"-"`
	raw         json.RawMessage
}

type lspDiag struct {
	Range           lspRange `json:"range"`
	Severity        int      `json:"severity"`
	Code            string   `json:"code"`
	Source          string   `json:"source"`
	Message         string   `json:"message"`
	CodeDescription *struct {
		Href string `json:"href"`
	} `json:"codeDescription,omitempty"`
}

type lspPos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start lspPos `json:"start"`
	End   lspPos `json:"end"`
}

type client struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	wmu    sync.Mutex
	nextID int

	mu        sync.Mutex
	pending   map[string]chan message
	publishes []publish
	logs      []string
	requests  []string // server->client request methods
	settings  map[string]any
	changed   chan struct{}
	done      chan struct{}
}

// start launches the server; the caller initializes it.
func start(t *testing.T) *client {
	t.Helper()
	return startEnv(t, nil)
}

// startEnv starts the server with extra environment variables.
func startEnv(t *testing.T, env []string) *client {
	t.Helper()
	cmd := exec.Command(serverBin, "--stdio")
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, cmd: cmd, stdin: stdin, pending: map[string]chan message{}, changed: make(chan struct{}, 1000), done: make(chan struct{})}
	go c.read(bufio.NewReader(stdout))
	t.Cleanup(func() {
		_ = stdin.Close()
		select {
		case <-c.done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
		}
		_ = cmd.Wait()
	})
	return c
}

func (c *client) read(r *bufio.Reader) {
	defer close(c.done)
	for {
		length := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length:"); ok {
				length, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			continue
		}
		switch {
		case m.Method != "" && m.ID != nil:
			c.answer(m)
		case m.Method != "":
			c.mu.Lock()
			switch m.Method {
			case "textDocument/publishDiagnostics":
				var p publish
				_ = json.Unmarshal(m.Params, &p)
				p.At, p.raw = time.Now(), m.Params
				c.publishes = append(c.publishes, p)
			case "window/logMessage", "window/showMessage":
				var p struct{ Message string }
				_ = json.Unmarshal(m.Params, &p)
				c.logs = append(c.logs, p.Message)
			}
			c.mu.Unlock()
			select {
			case c.changed <- struct{}{}:
			default:
			}
		default:
			key := "null"
			if m.ID != nil {
				key = string(*m.ID)
			}
			c.mu.Lock()
			ch := c.pending[key]
			delete(c.pending, key)
			c.mu.Unlock()
			if ch != nil {
				ch <- m
			} else {
				c.mu.Lock()
				c.logs = append(c.logs, "unmatched response "+key)
				if m.Error != nil {
					c.logs = append(c.logs, fmt.Sprintf("error %d %s", m.Error.Code, m.Error.Message))
				}
				c.mu.Unlock()
			}
		}
	}
}

// answer replies to server->client requests like an editor would.
func (c *client) answer(m message) {
	c.mu.Lock()
	c.requests = append(c.requests, m.Method)
	settings := c.settings
	c.mu.Unlock()
	var result any
	if m.Method == "workspace/configuration" {
		var p struct {
			Items []struct{ Section string } `json:"items"`
		}
		_ = json.Unmarshal(m.Params, &p)
		out := make([]any, len(p.Items))
		for i, it := range p.Items {
			out[i] = settings[it.Section]
		}
		result = out
	}
	c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
	select {
	case c.changed <- struct{}{}:
	default:
	}
}

func (c *client) send(v any) {
	body, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendRaw(body)
}

func (c *client) sendRaw(body []byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	fmt.Fprintf(c.stdin, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

func (c *client) notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// request sends a request and returns a channel for its response.
func (c *client) request(method string, params any) (int, chan message) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan message, 1)
	c.pending[strconv.Itoa(id)] = ch
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	return id, ch
}

func (c *client) call(method string, params any, result any) *rpcError {
	c.t.Helper()
	_, ch := c.request(method, params)
	select {
	case m := <-ch:
		if m.Error != nil {
			return m.Error
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				c.t.Fatalf("%s: decoding %s: %v", method, m.Result, err)
			}
		}
		return nil
	case <-time.After(30 * time.Second): // generous: CI machines are shared
		c.t.Fatalf("%s: no response within 30s", method)
	}
	return nil
}

func (c *client) initialize(caps map[string]any, root string) map[string]any {
	c.t.Helper()
	if caps == nil {
		caps = map[string]any{}
	}
	var res map[string]any
	// The tests' documents live under /tmp and name schemas in the
	// repository's testdata/lsp: as a user would, allow that directory
	// (a modeline may otherwise only name schemas inside its root).
	params := map[string]any{"processId": os.Getpid(), "capabilities": caps, "initializationOptions": map[string]any{
		"yamlint": map[string]any{"allowSchemaPaths": []string{repoFile(c.t, "testdata/lsp")}}}}
	if root != "" {
		params["rootUri"] = fileURI(root)
	}
	if err := c.call("initialize", params, &res); err != nil {
		c.t.Fatalf("initialize: %+v", err)
	}
	c.notify("initialized", map[string]any{})
	return res
}

func (c *client) shutdown() {
	c.t.Helper()
	if err := c.call("shutdown", nil, nil); err != nil {
		c.t.Fatalf("shutdown: %+v", err)
	}
	c.notify("exit", nil)
}

// waitPublish waits for diagnostics for uri with the given version (-1:
// any version) published after index `after` in the publish log.
func (c *client) waitPublish(uri string, version int, after int) publish {
	c.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		c.mu.Lock()
		for i := after; i < len(c.publishes); i++ {
			p := c.publishes[i]
			if p.URI == uri && (version < 0 || (p.Version != nil && *p.Version == version)) {
				c.mu.Unlock()
				return p
			}
		}
		c.mu.Unlock()
		select {
		case <-c.changed:
		case <-deadline:
			c.t.Fatalf("no diagnostics for %s version %d within 30s (got %s)", uri, version, c.publishLog())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (c *client) publishCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.publishes)
}

func (c *client) publishLog() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	for _, p := range c.publishes {
		v := -1
		if p.Version != nil {
			v = *p.Version
		}
		fmt.Fprintf(&b, "[%s v%d n=%d] ", filepath.Base(p.URI), v, len(p.Diagnostics))
	}
	return b.String()
}

func (c *client) open(uri, text string) {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
}

func (c *client) change(uri string, version int, changes ...map[string]any) {
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": changes,
	})
}

func edit(sl, sc, el, ec int, text string) map[string]any {
	return map[string]any{"range": map[string]any{
		"start": map[string]any{"line": sl, "character": sc},
		"end":   map[string]any{"line": el, "character": ec}}, "text": text}
}

func pos(line, char int) map[string]any { return map[string]any{"line": line, "character": char} }

func fileURI(path string) string { return "file://" + filepath.ToSlash(path) }

// utf16Len counts UTF-16 code units independently of the server's code.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// repoFile returns the absolute path of a file under the repository root.
func repoFile(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", rel))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func textDoc(uri string) map[string]any { return map[string]any{"uri": uri} }
