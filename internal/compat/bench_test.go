package compat

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/engine"
)

// k8sLines writes about n lines of multi-document Kubernetes YAML in the
// shape of ../shared/peers/gen-k8s.py's output.
func k8sLines(n int) []byte {
	var b strings.Builder
	lines := 0
	for i := 0; lines < n; i++ {
		doc := fmt.Sprintf(`---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-%d
  labels:
    app: app-%d
spec:
  replicas: %d
  selector:
    matchLabels:
      app: app-%d
  template:
    metadata:
      labels:
        app: app-%d
    spec:
      containers:
        - name: main
          image: "registry.example.com/app:%d.0"
          args: ["--port=8080", "--verbose"]
          ports:
            - containerPort: 8080
          env:
            - name: MODE
              value: production
          resources:
            limits: {cpu: "500m", memory: 256Mi}
`, i, i, i%5, i, i, i)
		if i == 0 {
			doc = strings.TrimPrefix(doc, "---\n") // one document-start finding
		}
		b.WriteString(doc)
		lines += strings.Count(doc, "\n")
	}
	return []byte(b.String())
}

// BenchmarkStyleDefault20k lints a 20,000-line file with yamllint's
// default rules (extends: default) through the whole engine, the work
// scripts/bench-yamllint.sh compares with yamllint.
func BenchmarkStyleDefault20k(b *testing.B) {
	cfgPath := filepath.Join(b.TempDir(), ".yamllint")
	if err := os.WriteFile(cfgPath, []byte("extends: default\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		b.Fatal(err)
	}
	l, err := engine.New(cfg, engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	src := k8sLines(20000)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := l.Lint("k8s-20000.yaml", src)
		if len(res.Diagnostics) == 0 {
			b.Fatal("expected the document-start finding")
		}
	}
}
