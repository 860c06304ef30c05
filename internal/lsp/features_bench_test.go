package lsp

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/yamlint/yamlint/internal/config"
)

// BenchmarkFeatures measures each request-driven feature on a generated
// multi-document Kubernetes file, in process and over the pipe: the time
// from request to response. YAMLINT_BENCH_FILE replaces the generated file
// (e.g. shared/peers/gen-k8s.py --lines 5000 output).
func BenchmarkFeatures(b *testing.B) {
	for _, n := range []int{5000, 20000} {
		src := benchDoc(b, n)
		name := fmt.Sprintf("lines=%d", n)
		if f := os.Getenv("YAMLINT_BENCH_FILE"); f != "" {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			src, name = string(data), "file="+f
		}
		s := newServer(Options{Debounce: time.Microsecond})
		c := startInProcess(b, s)
		c.send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"capabilities": map[string]any{}}})
		c.next(b, isResponse(1))
		uri := "file:///bench/k8s.yaml"
		c.send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "yaml", "version": 1, "text": src}}})
		waitVersion(b, c, 1)
		td := map[string]any{"uri": uri}
		p := func(line, char int) map[string]any { return map[string]any{"line": line, "character": char} }
		reqs := []struct {
			method string
			params map[string]any
		}{
			{"textDocument/formatting", map[string]any{"textDocument": td, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}},
			{"textDocument/foldingRange", map[string]any{"textDocument": td}},
			{"textDocument/selectionRange", map[string]any{"textDocument": td, "positions": []any{p(n/2, 8)}}},
			{"textDocument/codeLens", map[string]any{"textDocument": td}},
			{"textDocument/documentLink", map[string]any{"textDocument": td}},
			{"textDocument/documentHighlight", map[string]any{"textDocument": td, "position": p(n/2, 4)}},
			{"textDocument/codeAction", map[string]any{"textDocument": td, "range": rng(0, 0, 0, 0), "context": map[string]any{"diagnostics": []any{}, "only": []string{"source.fixAll"}}}},
		}
		for _, r := range reqs {
			b.Run(name+"/"+r.method[len("textDocument/"):], func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					id := 100 + i
					c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": r.method, "params": r.params})
					if m := c.next(b, isResponse(float64(id))); m["error"] != nil {
						b.Fatalf("%s: %v", r.method, m["error"])
					}
				}
			})
		}
		if os.Getenv("YAMLINT_BENCH_FILE") != "" {
			break
		}
	}
}

// BenchmarkFormatText is the formatter alone on the 5,000-line file.
func BenchmarkFormatText(b *testing.B) {
	src := []byte(benchDoc(b, 5000))
	if f := os.Getenv("YAMLINT_BENCH_FILE"); f != "" {
		var err error
		if src, err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
	}
	cfg := config.Default(".")
	for i := 0; i < b.N; i++ {
		if _, err := formatText(cfg, "k8s.yaml", src, defaultFormat(), 2); err != nil {
			b.Fatal(err)
		}
	}
}
