package yamlfile

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// sameTree compares two node trees: kinds, ranges, keys and values.
func sameTree(a, b *Node, path string) error {
	if (a == nil) != (b == nil) {
		return fmt.Errorf("%s: one side is nil", path)
	}
	if a == nil {
		return nil
	}
	if a.Kind != b.Kind || a.Range != b.Range || a.Key != b.Key || a.HasKey != b.HasKey || (a.HasKey && a.KeyRange != b.KeyRange) || a.Tag != b.Tag {
		return fmt.Errorf("%s: %+v vs %+v", path, *a, *b)
	}
	if !reflect.DeepEqual(a.Value, b.Value) {
		return fmt.Errorf("%s: values differ", path)
	}
	if len(a.Children) != len(b.Children) {
		return fmt.Errorf("%s: %d vs %d children", path, len(a.Children), len(b.Children))
	}
	for i := range a.Children {
		if err := sameTree(a.Children[i], b.Children[i], fmt.Sprintf("%s/%d", path, i)); err != nil {
			return err
		}
	}
	return nil
}

func sameFile(a, b *File) error {
	if len(a.Docs) != len(b.Docs) {
		return fmt.Errorf("%d vs %d documents", len(a.Docs), len(b.Docs))
	}
	for i := range a.Docs {
		da, db := a.Docs[i], b.Docs[i]
		if da.Index != db.Index || da.Range != db.Range || da.Broken != db.Broken {
			return fmt.Errorf("document %d: %+v vs %+v", i, *da, *db)
		}
		if err := sameTree(da.Root, db.Root, fmt.Sprintf("doc%d", i)); err != nil {
			return err
		}
	}
	if !reflect.DeepEqual(a.Syntax, b.Syntax) {
		return fmt.Errorf("syntax diagnostics differ:\n%+v\n%+v", a.Syntax, b.Syntax)
	}
	return nil
}

// TestParseCachedEqualsParse edits a multi-document file at random (typing,
// deleting, inserting and removing documents, breaking and fixing syntax,
// CRLF) and checks that every version parsed with the cache equals a fresh
// parse.
func TestParseCachedEqualsParse(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 12; i++ {
		fmt.Fprintf(&b, "---\nname: doc-%d\nanchor: &a%d {x: %d}\nuse:\n  <<: *a%d\n  y: [1, 2]\nlist:\n  - a\n  - |\n    text %d\n", i, i, i, i, i)
	}
	src := b.String()
	cache := NewCache()
	rnd := rand.New(rand.NewSource(1))
	snippets := []string{"x", "\n", "---\nnew: doc\n", ": ", "[", "]", "# c\n", "\r\n", "key: value\n", "  ", "&b ", "*a1"}
	for step := 0; step < 400; step++ {
		pos := rnd.Intn(len(src) + 1)
		switch rnd.Intn(3) {
		case 0, 1:
			src = src[:pos] + snippets[rnd.Intn(len(snippets))] + src[pos:]
		default:
			end := min(len(src), pos+rnd.Intn(12))
			src = src[:pos] + src[end:]
		}
		want := Parse("f.yaml", []byte(src), Options{})
		got := ParseCached("f.yaml", []byte(src), Options{}, cache)
		if err := sameFile(want, got); err != nil {
			t.Fatalf("step %d: %v\nsource:\n%s", step, err, src)
		}
	}
}

func BenchmarkParseCachedEdit(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 140_000; i++ {
		fmt.Fprintf(&sb, "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-%d\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx\n", i)
	}
	src := sb.String()
	at := strings.Index(src, "replicas: 3") + 10
	cache := NewCache()
	ParseCached("f.yaml", []byte(src), Options{}, cache)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		edited := src[:at] + fmt.Sprint(i%10) + src[at+1:]
		ParseCached("f.yaml", []byte(edited), Options{}, cache)
	}
}

// TestCachedDirectivesAfterUnendedDocument: a chunk of %TAG directives and
// a document reads the same text whether or not the document before it
// ends with "..."; only without it is the directive an error. The cache
// reused the chunk parsed while "..." was there and lost the error (found
// by fuzzing the language server's edit path, issue #11).
func TestCachedDirectivesAfterUnendedDocument(t *testing.T) {
	ended := "a: 1\n...\n%TAG !e! tag:e.com:\n--- !e!x\nb: 2\n"
	unended := "a: 1\n%TAG !e! tag:e.com:\n--- !e!x\nb: 2\n"
	for _, versions := range [][]string{{ended, unended, ended}, {unended, ended, unended}} {
		cache := NewCache()
		for i, src := range versions {
			got := ParseCached("f.yaml", []byte(src), Options{}, cache)
			if err := sameFile(Parse("f.yaml", []byte(src), Options{}), got); err != nil {
				t.Fatalf("version %d:\n%s\n%v", i, src, err)
			}
		}
	}
}

// TestCachedTagDirectivesRandomEdits edits a file of %TAG directives,
// tagged documents and "..." markers at random; every cached parse equals
// a fresh one.
func TestCachedTagDirectivesRandomEdits(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&b, "%%TAG ! tag:example.com,2000:app/\n%%TAG !e! tag:e.com:\n--- !foo\nname: doc-%d\nv: !e!bar %d\n...\n", i, i)
	}
	snippets := []string{"x", "\n", "---\n", "...\n", "%TAG !x! tag:x:\n", "%YAML 1.2\n", "!e!q ", ": ", "# c\n", "%"}
	for seed := int64(0); seed < 30; seed++ {
		src := b.String()
		cache := NewCache()
		rnd := rand.New(rand.NewSource(seed))
		for step := 0; step < 60; step++ {
			pos := rnd.Intn(len(src) + 1)
			if rnd.Intn(3) < 2 {
				src = src[:pos] + snippets[rnd.Intn(len(snippets))] + src[pos:]
			} else {
				src = src[:pos] + src[min(len(src), pos+rnd.Intn(12)):]
			}
			if err := sameFile(Parse("f.yaml", []byte(src), Options{}), ParseCached("f.yaml", []byte(src), Options{}, cache)); err != nil {
				t.Fatalf("seed %d step %d: %v\nsource:\n%q", seed, step, err, src)
			}
		}
	}
}

// TestCachedAliasBudget: the alias budget is per file, so whether a
// document's aliases fit depends on the documents before it; a cached
// document is reused only when it still fits.
func TestCachedAliasBudget(t *testing.T) {
	heavy := func(name string) string { // aliases add ~600,000 nodes
		var b strings.Builder
		fmt.Fprintf(&b, "---\n%s: &a0 [x, x, x, x, x, x, x, x, x, x]\n", name)
		for i := 1; i <= 4; i++ {
			fmt.Fprintf(&b, "a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
		}
		b.WriteString("z: [*a4, *a4, *a4, *a4, *a4]\n")
		return b.String()
	}
	light := "---\nlight: 1\n"
	broken := func(f *File) []bool {
		var out []bool
		for _, d := range f.Docs {
			out = append(out, d.Broken)
		}
		return out
	}
	for _, versions := range [][]string{
		{light + heavy("b"), heavy("a") + heavy("b"), light + heavy("b")},
		{heavy("a") + heavy("b"), light + heavy("b")},
	} {
		cache := NewCache()
		for i, src := range versions {
			want := Parse("f.yaml", []byte(src), Options{})
			if wantBroken := !strings.HasPrefix(src, light); want.Docs[1].Broken != wantBroken {
				t.Fatalf("version %d: second document broken = %v, want %v", i, want.Docs[1].Broken, wantBroken)
			}
			got := ParseCached("f.yaml", []byte(src), Options{}, cache)
			if !reflect.DeepEqual(broken(want), broken(got)) || !reflect.DeepEqual(want.Syntax, got.Syntax) {
				t.Fatalf("version %d: cached %v %v, fresh %v %v", i, broken(got), got.Syntax, broken(want), want.Syntax)
			}
		}
	}
}
