package kube

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// A large file's objects are validated on several goroutines; findings
// and schema URLs are the sequential ones, duplicates included.
func TestParallelCheckEqualsSequential(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 2*parallelCheckMin; i++ {
		switch i % 5 {
		case 1:
			fmt.Fprintf(&b, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-%d}\ndata: {k: [not, a, string]}\n", i)
		case 2:
			b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: twice}\n") // duplicated
		case 3:
			b.WriteString("plain: document\n")
		default:
			fmt.Fprintf(&b, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d-%d}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers: [{name: c, image: nginx:1.27, unknownField: %d}]\n", i, i)
		}
		b.WriteString("---\n")
	}
	f := yamlfile.Parse("big.yaml", []byte(b.String()), yamlfile.Options{})
	run := func() ([]string, []string) {
		reg, err := New(Options{Strict: true})
		if err != nil {
			t.Fatal(err)
		}
		c := &Checker{Registry: reg}
		diags, urls := c.Check(schemas.NewStore(), f, false)
		var out []string
		for _, d := range diags {
			out = append(out, fmt.Sprintf("%d-%d %s %s", d.Range.Start, d.Range.End, d.Code, d.Message))
		}
		return out, urls
	}
	par, parURLs := run()
	saved := parallelCheckMin
	parallelCheckMin = len(f.Src) + 1
	seq, seqURLs := run()
	parallelCheckMin = saved
	if len(seq) < 100 || !strings.Contains(strings.Join(seq, "\n"), "duplicate object") {
		t.Fatalf("the input should give many findings, duplicates among them: %d", len(seq))
	}
	if !reflect.DeepEqual(par, seq) || !reflect.DeepEqual(parURLs, seqURLs) {
		t.Fatalf("parallel check differs from the sequential one")
	}
}
