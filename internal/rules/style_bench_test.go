package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// genK8s builds a multi-document Kubernetes manifest of about n lines,
// shaped like the peers' gen-k8s.py output (deployments, services, config
// maps with nested mappings, sequences, quoted strings and block scalars).
func genK8s(n int) []byte {
	var b strings.Builder
	lines := 0
	for i := 0; lines < n; i++ {
		var doc string
		switch i % 3 {
		case 0:
			doc = fmt.Sprintf(`---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker-%[1]d
  namespace: team-%[2]d
  labels:
    app.kubernetes.io/name: worker-%[1]d
    app.kubernetes.io/version: "1.%[2]d.1"
  annotations:
    deployment.kubernetes.io/revision: "%[1]d"
spec:
  replicas: %[2]d
  selector:
    matchLabels:
      app.kubernetes.io/name: worker-%[1]d
  template:
    metadata:
      labels:
        app.kubernetes.io/name: worker-%[1]d
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: worker
          image: registry.k8s.io/pause:3.9
          args: [--log-level=info, --listen=:8080]
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            - name: APP_ENV
              value: production  # the environment
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
          resources:
            limits: {cpu: 500m, memory: 256Mi}
`, i, i%7)
		case 1:
			doc = fmt.Sprintf(`---
apiVersion: v1
kind: Service
metadata:
  name: worker-%[1]d
  namespace: team-%[2]d
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: worker-%[1]d
  ports:
    - name: http
      port: 80
      targetPort: http
`, i, i%7)
		default:
			doc = fmt.Sprintf(`---
apiVersion: v1
kind: ConfigMap
metadata:
  name: config-%[1]d
data:
  # settings read at start-up
  app.properties: |
    log.level=info
    cache.size=%[1]d
  enabled: 'true'
  motd: >
    Welcome to
    worker %[1]d
`, i)
		}
		b.WriteString(doc)
		lines += strings.Count(doc, "\n")
	}
	return []byte(b.String())
}

// BenchmarkStyle runs the 17 rules yamllint's default configuration
// enables over a 20,000-line file (scanning the token stream included, once
// per file), for comparison with `yamllint -d default` on the same text.
func BenchmarkStyle(b *testing.B) {
	src := genK8s(20000)
	var enabled []*Rule
	for _, id := range []string{"anchors", "braces", "brackets", "colons", "commas", "comments",
		"comments-indentation", "document-start", "empty-lines", "hyphens", "indentation",
		"key-duplicates", "line-length", "new-line-at-end-of-file", "new-lines", "trailing-spaces", "truthy"} {
		enabled = append(enabled, Lookup(id))
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		// A fresh File each time, so the token stream is not cached.
		f := &yamlfile.File{Path: "bench.yaml", Src: src}
		n := 0
		for _, r := range enabled {
			Run(NewPass(r, f, nil, nil, 0, func(diag.Diagnostic) { n++ }))
		}
	}
}
