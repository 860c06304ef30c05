package yamlfile

import (
	"fmt"
	"strings"
	"testing"
)

// A large multi-document file is parsed on several goroutines; the result
// must be the sequential one, with broken, too-deep, aliased and templated
// documents among the others, with and without a cache.
func TestParallelParseEqualsSequential(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3*parallelParseMin; i++ {
		switch i % 7 {
		case 3:
			b.WriteString("a: [1, 2\nb: }\n") // syntax error
		case 4:
			b.WriteString("x: " + strings.Repeat("[", MaxDepth+5) + "\n") // too deep
		case 5:
			b.WriteString("base: &b {k: v}\nuse: *b\nlist: [*b, *b]\n")
		case 6:
			b.WriteString("image: {{ .Values.image }}\n") // placeholder blanked: approximate
		default:
			fmt.Fprintf(&b, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%d\ndata:\n  key: \"value %d\"\n  other: |\n    text\n", i, i)
		}
		b.WriteString("---\n")
	}
	src := []byte(b.String())
	par := Parse("p.yaml", src, Options{})
	parCached := ParseCached("p.yaml", src, Options{}, &Cache{})
	saved := parallelParseMin
	parallelParseMin = len(src) + 1
	seq := Parse("p.yaml", src, Options{})
	parallelParseMin = saved
	if len(seq.Docs) < 100 || len(seq.Syntax) == 0 {
		t.Fatalf("the input should have many documents and some syntax errors: %d docs, %d errors", len(seq.Docs), len(seq.Syntax))
	}
	for _, got := range []*File{par, parCached} {
		if err := sameFile(seq, got); err != nil {
			t.Fatal(err)
		}
		approximate := 0
		for i, d := range got.Docs {
			if d.Approximate != seq.Docs[i].Approximate {
				t.Fatalf("document %d: approximate %v, sequentially %v", i, d.Approximate, seq.Docs[i].Approximate)
			}
			if d.Approximate {
				approximate++
			}
		}
		if approximate == 0 {
			t.Fatal("no document was parsed with placeholders blanked")
		}
	}
}
