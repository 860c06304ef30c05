package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"
)

// pipeClient talks to an in-process server over pipes.
type pipeClient struct {
	w   io.Writer
	r   *bufio.Reader
	out chan map[string]any
}

func startInProcess(t testing.TB, s *Server) *pipeClient {
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	go s.serve(context.Background(), sr, sw)
	c := &pipeClient{w: cw, r: bufio.NewReader(cr), out: make(chan map[string]any, 1024)}
	go func() {
		for {
			n := -1
			for {
				line, err := c.r.ReadString('\n')
				if err != nil {
					close(c.out)
					return
				}
				line = strings.TrimSpace(line)
				if line == "" {
					break
				}
				if v, ok := strings.CutPrefix(line, "Content-Length:"); ok {
					n, _ = strconv.Atoi(strings.TrimSpace(v))
				}
			}
			body := make([]byte, n)
			if _, err := io.ReadFull(c.r, body); err != nil {
				close(c.out)
				return
			}
			var m map[string]any
			_ = json.Unmarshal(body, &m)
			c.out <- m
		}
	}()
	t.Cleanup(func() { cw.Close(); sw.Close() })
	return c
}

func (c *pipeClient) send(v any) {
	b, _ := json.Marshal(v)
	fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(b), b)
}

// next returns the next message matching pred.
func (c *pipeClient) next(t testing.TB, pred func(map[string]any) bool) map[string]any {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case m, ok := <-c.out:
			if !ok {
				t.Fatal("server closed the stream")
			}
			if pred(m) {
				return m
			}
		case <-timeout:
			t.Fatal("timed out waiting for a message")
		}
	}
}

func isResponse(id float64) func(map[string]any) bool {
	return func(m map[string]any) bool { v, ok := m["id"].(float64); return ok && v == id && m["method"] == nil }
}

func TestPanicInRequestIsRecovered(t *testing.T) {
	s := newServer(Options{})
	s.extra = map[string]func(context.Context, json.RawMessage) (any, error){
		"test/panic": func(context.Context, json.RawMessage) (any, error) { panic("boom") },
	}
	c := startInProcess(t, s)
	c.send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"capabilities": map[string]any{}}})
	c.next(t, isResponse(1))
	c.send(map[string]any{"jsonrpc": "2.0", "id": 2, "method": "test/panic", "params": map[string]any{}})
	logged := false
	var resp map[string]any
	for resp == nil {
		m := c.next(t, func(m map[string]any) bool { return m["method"] == "window/logMessage" || isResponse(2)(m) })
		if m["method"] == "window/logMessage" {
			msg := m["params"].(map[string]any)["message"].(string)
			logged = logged || strings.Contains(msg, "panic in test/panic: boom")
			continue
		}
		resp = m
	}
	e, _ := resp["error"].(map[string]any)
	if e == nil || e["code"].(float64) != -32603 {
		t.Errorf("panicking request answered %v, want InternalError", resp)
	}
	if !logged {
		// The log message is sent before the reply.
		t.Errorf("panic was not reported with window/logMessage")
	}
	c.send(map[string]any{"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
	if m := c.next(t, isResponse(3)); m["error"] != nil {
		t.Errorf("session did not survive the panic: %v", m)
	}
}

// BenchmarkEditToDiagnostics measures the server's edit→diagnostics path in
// process: apply an incremental edit, debounce (set to 0 here, so only the
// work is measured), lint with the engine, convert to UTF-16 and publish.
// The document is a generated multi-document Kubernetes file without a
// schema association: every object is checked against its kind's bundled
// Kubernetes schema, as `yamlint FILE` does.
func BenchmarkEditToDiagnostics(b *testing.B) {
	for _, n := range []int{5000, 20000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			src := benchDoc(b, n)
			s := newServer(Options{Debounce: time.Microsecond})
			c := startInProcess(b, s)
			c.send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"capabilities": map[string]any{}}})
			c.next(b, isResponse(1))
			uri := "file:///bench/k8s.yaml"
			c.send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "yaml", "version": 1, "text": src}}})
			waitVersion(b, c, 1)
			line := strings.Count(src[:strings.Index(src, "replicas:")], "\n")
			cpu0 := cpuTime()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				v := i + 2
				var change map[string]any
				if i%2 == 0 {
					change = map[string]any{"range": rng(line, 13, line, 13), "text": "1"}
				} else {
					change = map[string]any{"range": rng(line, 13, line, 14), "text": ""}
				}
				c.send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": map[string]any{
					"textDocument": map[string]any{"uri": uri, "version": v}, "contentChanges": []any{change}}})
				waitVersion(b, c, v)
			}
			b.StopTimer()
			// CPU per edit (server and this client, all goroutines): on a
			// shared machine wall time also counts waiting for a core.
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

func rng(sl, sc, el, ec int) map[string]any {
	return map[string]any{"start": map[string]any{"line": sl, "character": sc}, "end": map[string]any{"line": el, "character": ec}}
}

func waitVersion(b testing.TB, c *pipeClient, v int) {
	c.next(b, func(m map[string]any) bool {
		if m["method"] != "textDocument/publishDiagnostics" {
			return false
		}
		got, _ := m["params"].(map[string]any)["version"].(float64)
		return int(got) == v
	})
}

// benchDoc builds a Kubernetes-like multi-document file of about n lines
// (Deployment/Service/ConfigMap cycling, as shared/peers/gen-k8s.py does).
func benchDoc(b testing.TB, n int) string {
	var sb strings.Builder
	for i := 0; strings.Count(sb.String(), "\n") < n; i++ {
		fmt.Fprintf(&sb, `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-%[1]d
  namespace: team-%[1]d
  labels:
    app.kubernetes.io/name: app-%[1]d
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: app-%[1]d
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-%[1]d
    spec:
      containers:
        - name: app
          image: registry.k8s.io/pause:3.9
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            - name: APP_ENV
              value: production
---
apiVersion: v1
kind: Service
metadata:
  name: app-%[1]d
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: app-%[1]d
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-%[1]d-config
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "cache,cart"
`, i)
	}
	return sb.String()
}
