package house

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// CheckCached gives what Check gives, through a sequence of edits that
// change, add and remove documents.
func TestCheckCachedEqualsFresh(t *testing.T) {
	set, problems := parseConfig(t, issueConfig+"packs: [kubernetes-best-practices]\n")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	docs := []string{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  replicas: 1\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers: [{name: a, image: 'a:latest'}]\n",
		"apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {team: x}}\nspec:\n  hostNetwork: true\n  containers:\n    - name: p\n      image: p\n",
		"apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: nope}\n  ports: [{port: 80}]\n",
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b, labels: {team: y}}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers: [{name: b, image: 'b:1', resources: {limits: {cpu: 1}}}]\n",
	}
	run := func(src string, cached bool) string {
		f := yamlfile.Parse("x.yaml", []byte(src), yamlfile.Options{})
		ds := make([]Doc, len(f.Docs))
		for i, d := range f.Docs {
			ds[i] = Doc{Doc: d, Format: inferFormat(d.Root)}
		}
		var out []diag.Diagnostic
		rep := func(d diag.Diagnostic) { out = append(out, d) }
		if cached {
			set.CheckCached("x.yaml", f, ds, rep)
		} else {
			set.Check("x.yaml", f, ds, rep)
		}
		diag.Sort(out)
		var b strings.Builder
		for _, d := range out {
			fmt.Fprintf(&b, "%d-%d %s %s\n", d.Range.Start, d.Range.End, d.Code, d.Message)
		}
		return b.String()
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 60; i++ {
		n := 1 + rng.Intn(5)
		var parts []string
		for j := 0; j < n; j++ {
			parts = append(parts, docs[rng.Intn(len(docs))])
		}
		src := strings.Join(parts, "---\n")
		if fresh, cached := run(src, false), run(src, true); fresh != cached {
			t.Fatalf("edit %d: cached differs from fresh\nfresh:\n%s\ncached:\n%s", i, fresh, cached)
		}
	}
}
