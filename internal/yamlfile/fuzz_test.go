package yamlfile

import (
	"fmt"
	"testing"
	"time"

	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/diag"
)

// FuzzParse: parsing never panics, and every range it reports (documents,
// nodes, keys, syntax diagnostics, comments) lies inside the text with its
// start before its end.
func FuzzParse(f *testing.F) {
	for _, s := range corpus.FuzzSeeds("../../testdata") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		done := make(chan *File, 1)
		go func() {
			f := Parse("f.yaml", src, Options{})
			f.Comments()
			done <- f
		}()
		var file *File
		select {
		case file = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("parse hangs")
		}
		inside := func(what string, r diag.Range) {
			if r.Start < 0 || r.End < r.Start || r.End > len(src) {
				t.Fatalf("%s range %+v outside the text (%d bytes)", what, r, len(src))
			}
		}
		for _, d := range file.Syntax {
			inside("diagnostic "+d.Message, d.Range)
		}
		for i, d := range file.Docs {
			inside(fmt.Sprintf("document %d", i), d.Range)
			seen := map[*Node]bool{}
			stack := []*Node{d.Root}
			for len(stack) > 0 {
				n := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if n == nil || seen[n] {
					continue
				}
				seen[n] = true
				inside("node", n.Range)
				if n.HasKey {
					inside("key "+n.Key, n.KeyRange)
				}
				stack = append(stack, n.Children...)
			}
		}
		for _, c := range file.Comments() {
			inside("comment", c.Range)
		}
	})
}
