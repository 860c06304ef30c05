package engine

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	goparser "github.com/goccy/go-yaml/parser"

	"github.com/yamlint/yamlint/internal/config"
)

// workload writes about lines lines of multi-document Kubernetes-like YAML.
func workload(lines int) []byte {
	var b strings.Builder
	for i := 0; b.Len() < lines*28; i++ { // ~28 bytes per line on average
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-%d
  namespace: team-%d
  labels:
    app: app-%d
    tier: backend
spec:
  replicas: %d
  selector:
    matchLabels:
      app: app-%d
  template:
    metadata:
      name: app-%d
      labels:
        app: app-%d
    spec:
      containers:
        - name: main
          image: "registry.example.com/app:%d.0"
          imagePullPolicy: IfNotPresent
          args: ["--port=8080", "--verbose"]
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: MODE
              value: production
          resources:
            limits: {cpu: "500m", memory: 256Mi}
`, i, i%7, i, i%5, i, i, i, i)
		case 1:
			fmt.Fprintf(&b, `---
apiVersion: v1
kind: Service
metadata:
  name: svc-%d
spec:
  type: ClusterIP
  selector:
    app: app-%d
  ports:
    - name: http
      port: 80
      targetPort: http
`, i, i-1)
		default:
			fmt.Fprintf(&b, `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg-%d
data:
  LOG_LEVEL: info
  FEATURE_X: "true"
  config.yaml: |
    server:
      port: 8080
`, i)
		}
	}
	return []byte(b.String())
}

func benchLinter(b *testing.B) *Linter {
	b.Helper()
	schema, _ := filepath.Abs("../../testdata/bench/workload.schema.json")
	l, err := New(config.Default("."), Options{Schema: schema})
	if err != nil {
		b.Fatal(err)
	}
	return l
}

func benchSizes() []int { return []int{5000, 50000} }

// BenchmarkParseGoccy is the baseline: goccy/go-yaml's parse alone.
func BenchmarkParseGoccy(b *testing.B) {
	for _, n := range benchSizes() {
		src := workload(n)
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := goparser.ParseBytes(src, goparser.ParseComments); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLint is the whole check of one file: parse, convert, validate
// every document against a schema, run the enabled rules.
func BenchmarkLint(b *testing.B) {
	l := benchLinter(b)
	for _, n := range benchSizes() {
		src := workload(n)
		if res := l.Lint("bench.yaml", src); len(res.Diagnostics) != 0 {
			b.Fatalf("workload should be valid, got %d diagnostics, first: %+v", len(res.Diagnostics), res.Diagnostics[0])
		}
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				l.Lint("bench.yaml", src)
			}
		})
	}
}

// TestWorkloadValid keeps the benchmark honest: the generated files are
// valid, and injected errors are found at their lines.
func TestWorkloadValid(t *testing.T) {
	schema, _ := filepath.Abs("../../testdata/bench/workload.schema.json")
	l, err := New(config.Default("."), Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	src := workload(2000)
	if res := l.Lint("w.yaml", src); len(res.Diagnostics) != 0 {
		t.Fatalf("got %d diagnostics, first %+v", len(res.Diagnostics), res.Diagnostics[0])
	}
	bad := strings.Replace(string(src), "replicas: 1\n", "replicas: one\n", 1)
	res := l.Lint("w.yaml", []byte(bad))
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Message != `expected integer, got string "one"` {
		t.Fatalf("want one type error, got %+v", res.Diagnostics)
	}
	line := res.File.Lines.Position(res.Diagnostics[0].Range.Start).Line
	if got := strings.Split(bad, "\n")[line-1]; got != "  replicas: one" {
		t.Fatalf("diagnostic on line %d %q", line, got)
	}
}

// BenchmarkPendingFindings lints n files that each hold a Service with no
// pod template among the inputs (k8s-dangling-service, kept until Finish),
// then finishes. The time per file stays flat from 250 to 4,000 files:
// keeping a file's findings once rescanned every file's (quadratic).
func BenchmarkPendingFindings(b *testing.B) {
	cfg, err := config.Parse(".yamlint.yaml", []byte("packs: [kubernetes-best-practices]\n"))
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{250, 1000, 4000} {
		srcs := make([][]byte, n)
		for i := range srcs {
			srcs[i] = fmt.Appendf(nil, "apiVersion: v1\nkind: Service\nmetadata:\n  name: s%d\nspec:\n  selector:\n    app: a%d\n  ports:\n    - port: 80\n", i, i)
		}
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			for b.Loop() {
				l, err := New(cfg, Options{})
				if err != nil {
					b.Fatal(err)
				}
				l.RegisterInputs(n, func(i int) (string, []byte) { return fmt.Sprintf("s%d.yaml", i), srcs[i] })
				for i, src := range srcs {
					l.Lint(fmt.Sprintf("s%d.yaml", i), src)
				}
				if got := len(l.Finish()); got != n {
					b.Fatalf("%d files with dangling services, want %d", got, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
		})
	}
}
