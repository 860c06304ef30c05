package engine

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// TestLintCachedEqualsLint edits a multi-document Kubernetes file at random
// and checks that the cached path (the language server's) reports exactly
// what a fresh check reports, fixes included.
func TestLintCachedEqualsLint(t *testing.T) {
	l, err := New(config.Default("."), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := 0; i < 8; i++ {
		fmt.Fprintf(&b, "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-%d\nspec:\n  replicas: %d\n  selector:\n    matchLabels: {app: a%d}\n  template:\n    metadata:\n      labels: {app: a%d}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n          imagePullPolicy: Alway\n", i, i, i, i)
		fmt.Fprintf(&b, "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg-%d\ndata:\n  k: v   \n  n: 1\n", i)
	}
	src := b.String()
	cache := yamlfile.NewCache()
	rnd := rand.New(rand.NewSource(7))
	snippets := []string{"x", "\n", "---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n", ": ", "  ", "replicas: two\n", "# c\n", "\t"}
	for step := 0; step < 150; step++ {
		pos := rnd.Intn(len(src) + 1)
		if rnd.Intn(3) < 2 {
			src = src[:pos] + snippets[rnd.Intn(len(snippets))] + src[pos:]
		} else {
			src = src[:pos] + src[min(len(src), pos+rnd.Intn(10)):]
		}
		want := l.Lint("k8s.yaml", []byte(src)).Diagnostics
		got := l.LintCached("k8s.yaml", []byte(src), cache).Diagnostics
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("step %d: cached check differs\nwant %+v\ngot  %+v\nsource:\n%s", step, want, got, src)
		}
	}
}
