package yamlparser

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
	upstream "github.com/goccy/go-yaml/parser"

	"github.com/yamlint/yamlint/internal/corpus"
)

// TestSameTreeAsUpstream parses every YAML file of the test data and the
// corpus (yaml-test-suite included) with this copy and with goccy's parser:
// the trees print the same and the errors say the same.
func TestSameTreeAsUpstream(t *testing.T) {
	files := corpus.WithTestdata(t, "../../testdata")
	compared := 0
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil || len(src) > 256<<10 { // larger ones add seconds, not coverage
			continue
		}
		want := describe(func() (fmt.Stringer, error) {
			return upstream.ParseBytes(src, upstream.ParseComments, upstream.AllowDuplicateMapKey())
		})
		got := describe(func() (fmt.Stringer, error) { return ParseBytes(src, ParseComments, AllowDuplicateMapKey()) })
		if got != want {
			t.Errorf("%s: differs from upstream\n got: %.400s\nwant: %.400s", p, got, want)
		}
		if skip := describe(func() (fmt.Stringer, error) {
			return ParseBytes(src, ParseComments|SkipPaths, AllowDuplicateMapKey())
		}); skip != got {
			t.Errorf("%s: SkipPaths changes the tree\n got: %.400s\nwant: %.400s", p, skip, got)
		}
		compared++
	}
	t.Logf("%d files parse the same as upstream", compared)
}

func describe(parse func() (fmt.Stringer, error)) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("panic: %v", r)
		}
	}()
	f, err := parse()
	if err != nil {
		return "error: " + err.Error()
	}
	return f.String()
}

// TestWideMapping parses a 100,000-key mapping (1.7 MB), which took
// upstream minutes; its entries all land in one mapping, in order.
func TestWideMapping(t *testing.T) {
	src := wideMapping(100_000)
	f, err := ParseBytes(src, ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := f.Docs[0].Body.(*ast.MappingNode)
	if !ok || len(m.Values) != 100_000 {
		t.Fatalf("got %T", f.Docs[0].Body)
	}
	if k := m.Values[99_999].Key.String(); k != "key99999" {
		t.Fatalf("last key %q", k)
	}
}

func wideMapping(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "key%d: value %d # note\n", i, i)
	}
	return []byte(b.String())
}

// BenchmarkWideMapping shows linear growth: 25,000, 100,000 and 400,000
// keys (1x, 4x, 16x); upstream is quadratic here.
func BenchmarkWideMapping(b *testing.B) {
	for _, n := range []int{25_000, 100_000, 400_000} {
		src := wideMapping(n)
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := ParseBytes(src, ParseComments); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
