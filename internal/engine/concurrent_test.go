package engine

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
)

// In a large file the style rules run beside the documents' validation;
// the findings are those of running everything in order.
func TestConcurrentStyleRulesEqualSequential(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 2*concurrentStyleMin; i++ {
		fmt.Fprintf(&b, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%d   \ndata:\n  on: yes\n  key: %s\n  key: again\n", i, strings.Repeat("x", 90+i%40))
		if i%3 == 0 {
			b.WriteString("extra: {a: 1,b: 2}\n")
		}
		b.WriteString("---\n")
	}
	src := []byte(b.String())
	l, err := New(config.Default("."), Options{})
	if err != nil {
		t.Fatal(err)
	}
	render := func() []string {
		var out []string
		for _, d := range l.Lint("big.yaml", src).Diagnostics {
			out = append(out, fmt.Sprintf("%d-%d %s %s", d.Range.Start, d.Range.End, d.Code, d.Message))
		}
		return out
	}
	concurrent := render()
	saved := concurrentStyleMin
	concurrentStyleMin = len(src) + 1
	sequential := render()
	concurrentStyleMin = saved
	codes := map[string]bool{}
	for _, d := range sequential {
		codes[strings.Fields(d)[1]] = true
	}
	for _, c := range []string{"trailing-spaces", "truthy", "commas", "duplicate-key", "schema"} {
		if !codes[c] {
			t.Errorf("no %s finding in the input (codes %v)", c, codes)
		}
	}
	if !reflect.DeepEqual(concurrent, sequential) {
		t.Fatalf("%d findings concurrently, %d in order, or in another order", len(concurrent), len(sequential))
	}
}
