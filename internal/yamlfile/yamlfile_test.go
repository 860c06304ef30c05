package yamlfile

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

func parseOne(t *testing.T, src string) (*File, *Document) {
	t.Helper()
	f := Parse("t.yaml", []byte(src), Options{})
	if len(f.Syntax) != 0 {
		t.Fatalf("unexpected diagnostics: %+v", f.Syntax)
	}
	if len(f.Docs) != 1 {
		t.Fatalf("got %d documents", len(f.Docs))
	}
	return f, f.Docs[0]
}

func text(f *File, start, end int) string { return string(f.Src[start:end]) }

func TestCoreSchemaScalars(t *testing.T) {
	_, d := parseOne(t, `
null1: ~
null2: null
null3:
bool1: true
bool2: False
yes: yes
on: on
int1: 42
int2: -7
int3: 0o17
int4: 0x1F
octal11: 0777
float1: 1.5
float2: 6.02e23
float3: .inf
float4: -.Inf
version: 1.10.3
quoted: "42"
single: 'true'
big: 123456789012345678901234567890
`)
	m := d.Value().(map[string]any)
	want := map[string]any{
		"null1": nil, "null2": nil, "null3": nil, "bool1": true, "bool2": false,
		"yes": "yes", "on": "on", "int1": int64(42), "int2": int64(-7), "int3": int64(15),
		"int4": int64(31), "octal11": int64(777), "float1": 1.5, "float2": 6.02e23,
		"version": "1.10.3", "quoted": "42", "single": "true",
	}
	for k, v := range want {
		if !reflect.DeepEqual(m[k], v) {
			t.Errorf("%s = %#v (%T), want %#v", k, m[k], m[k], v)
		}
	}
	if f, ok := m["float3"].(float64); !ok || !math.IsInf(f, 1) {
		t.Errorf("float3 = %#v", m["float3"])
	}
	if got := m["big"]; got == nil || reflect.TypeOf(got).String() != "json.Number" {
		t.Errorf("big = %#v (%T), want json.Number", got, got)
	}
}

func TestRanges(t *testing.T) {
	src := "name: web  # a comment\nspec:\n  replicas: \"three\"\n  ports: [80, {port: 443}]\n  script: |\n    echo hi\n    echo bye\n\nafter: 'it''s'\n"
	f, d := parseOne(t, src)
	cases := []struct {
		path     []string
		key, val string
	}{
		{[]string{"name"}, "name", "web"},
		{[]string{"spec", "replicas"}, "replicas", `"three"`},
		{[]string{"spec", "ports"}, "ports", "[80, {port: 443}]"},
		{[]string{"spec", "ports", "1", "port"}, "port", "443"},
		{[]string{"spec", "script"}, "script", "|\n    echo hi\n    echo bye"},
		{[]string{"after"}, "after", `'it''s'`},
	}
	for _, c := range cases {
		n, ok := d.Lookup(c.path)
		if !ok {
			t.Errorf("%v not found", c.path)
			continue
		}
		if got := text(f, n.KeyRange.Start, n.KeyRange.End); got != c.key {
			t.Errorf("%v key = %q, want %q", c.path, got, c.key)
		}
		if got := text(f, n.Range.Start, n.Range.End); got != c.val {
			t.Errorf("%v value = %q, want %q", c.path, got, c.val)
		}
	}
	// NodeAt finds the innermost node and its path.
	off := strings.Index(src, "443")
	n, path, onKey := d.NodeAt(off)
	if n == nil || strings.Join(path, "/") != "spec/ports/1/port" || onKey {
		t.Errorf("NodeAt = %v %v %v", n, path, onKey)
	}
	_, path, onKey = d.NodeAt(strings.Index(src, "replicas") + 2)
	if strings.Join(path, "/") != "spec/replicas" || !onKey {
		t.Errorf("NodeAt on key = %v %v", path, onKey)
	}
	if cs := f.Comments(); len(cs) != 1 || cs[0].Text != " a comment" {
		t.Errorf("comments = %+v", cs)
	}
}

func TestAnchorsMergeAndTags(t *testing.T) {
	_, d := parseOne(t, `
base: &b {a: 1, b: 2}
other: &o {c: 3}
m:
  <<: [*b, *o]
  b: 20
alias: *b
tagged: !Ref Thing
str: !!str 123
num: !!int "7"
custom: !reference [.setup, script]
`)
	m := d.Value().(map[string]any)
	if got := m["m"]; !reflect.DeepEqual(got, map[string]any{"a": int64(1), "b": int64(20), "c": int64(3)}) {
		t.Errorf("merge = %#v", got)
	}
	if got := m["alias"]; !reflect.DeepEqual(got, map[string]any{"a": int64(1), "b": int64(2)}) {
		t.Errorf("alias = %#v", got)
	}
	if m["tagged"] != "Thing" || m["str"] != "123" || m["num"] != int64(7) {
		t.Errorf("tags: %#v %#v %#v", m["tagged"], m["str"], m["num"])
	}
	if got := m["custom"]; !reflect.DeepEqual(got, []any{".setup", "script"}) {
		t.Errorf("unknown tag on a sequence = %#v", got)
	}
	n, _ := d.Lookup([]string{"tagged"})
	if n.Tag != "!Ref" {
		t.Errorf("tag = %q", n.Tag)
	}
}

func TestCustomTagKinds(t *testing.T) {
	f := Parse("t.yaml", []byte("a: !Ref [x]\nb: !GetAtt x.y\n"), Options{CustomTags: []string{"!Ref scalar", "!GetAtt"}})
	if len(f.Syntax) != 1 || f.Syntax[0].Code != "custom-tags" {
		t.Fatalf("want one custom-tags diagnostic, got %+v", f.Syntax)
	}
}

func TestDuplicateKeysAndRecovery(t *testing.T) {
	f := Parse("t.yaml", []byte("a: 1\nb: 2\na: 3\n---\nx: [\n---\nz: 1\n"), Options{})
	var codes []string
	for _, d := range f.Syntax {
		p := f.Lines.Position(d.Range.Start)
		codes = append(codes, fmt.Sprintf("%s@%d:%d", d.Code, p.Line, p.Column))
	}
	want := []string{"duplicate-key@3:1", "syntax@5:4"}
	if !reflect.DeepEqual(codes, want) {
		t.Errorf("diagnostics = %v, want %v", codes, want)
	}
	if len(f.Docs) != 3 || f.Docs[0].Root == nil || !f.Docs[1].Broken || f.Docs[2].Root == nil {
		t.Fatalf("documents not recovered: %+v", f.Docs)
	}
	if v := f.Docs[0].Value().(map[string]any)["a"]; v != int64(3) {
		t.Errorf("last duplicate wins: a = %v", v)
	}
}

func TestBOMAndCRLF(t *testing.T) {
	src := "\xef\xbb\xbfa: 1\r\nb:\r\n  c: x\r\n"
	f, d := parseOne(t, src)
	if f.BOM != 3 {
		t.Errorf("BOM = %d", f.BOM)
	}
	n, _ := d.Lookup([]string{"a"})
	if got := text(f, n.KeyRange.Start, n.KeyRange.End); got != "a" {
		t.Errorf("key after BOM = %q", got)
	}
	n, _ = d.Lookup([]string{"b", "c"})
	if got := text(f, n.Range.Start, n.Range.End); got != "x" {
		t.Errorf("CRLF value = %q", got)
	}
}

func TestNeverPanics(t *testing.T) {
	inputs := []string{"", "#", "---", "...", "- - - -", "{", "[", "a: [}", "? : :", "&a *a", "a: *a", "!!binary", "\t\t", ": x",
		"a:\n  - b\n c", "%YAML 1.2\n---\na: 1", "'unterminated", "\"\\x\"", strings.Repeat("[", 5000),
		"a: &a [*a]", "<<: 1", "a: !!int x", "\x00\x01", "key: value\n\t- tab"}
	for _, in := range inputs {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("panic on %q: %v", in, r)
				}
			}()
			Parse("t.yaml", []byte(in), Options{})
		}()
	}
}

func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a: &a [x, x, x, x, x, x, x, x, x, x]\n")
	prev := "a"
	for i := 0; i < 9; i++ {
		name := string(rune('b' + i))
		b.WriteString(name + ": &" + name + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = name
	}
	f := Parse("bomb.yaml", []byte(b.String()), Options{})
	if len(f.Syntax) != 1 || !strings.Contains(f.Syntax[0].Message, "aliases expand this file by more than") {
		t.Fatalf("want the alias-bomb diagnostic, got %+v", f.Syntax)
	}
}

// goccy/go-yaml counts a comment's "\r\n" as two line breaks; positions and
// values after a comment must not drift in CRLF files.
func TestCRLFAfterComment(t *testing.T) {
	src := "a: x # c\r\nb: y\r\nc:\r\n  d: z # e\r\n  f: |\r\n    text\r\n"
	f, d := parseOne(t, src)
	for _, c := range []struct {
		path []string
		text string
	}{{[]string{"b"}, "y"}, {[]string{"c", "d"}, "z"}, {[]string{"c", "f"}, "|\r\n    text"}} {
		n, ok := d.Lookup(c.path)
		if !ok || text(f, n.Range.Start, n.Range.End) != c.text {
			t.Errorf("%v: %v %q", c.path, ok, text(f, n.Range.Start, n.Range.End))
		}
	}
	if v := d.Value().(map[string]any)["c"].(map[string]any)["f"]; v != "text\n" {
		t.Errorf("block scalar = %q", v)
	}
	if cs := f.Comments(); len(cs) != 2 || f.Lines.Position(cs[1].Range.Start).Line != 4 {
		t.Errorf("comments = %+v", cs)
	}
}

// A bare "\r" is a line break to the lexer but not to Lines, so the lexer's
// comment positions after one missed the "#" (found by FuzzParse: a range
// past the end of the text). Comments come from the line scan then, and
// either way a comment ends at any line break.
func TestCommentsAfterBareCR(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []string // each comment's text, and the source under its range
	}{
		{"0\r #000\r", []string{"000", "#000"}},
		{"a: 1 #x\rb: 2 # y \n", []string{"x", "#x", " y", "# y"}},
		{"a: 1 # one\r\nb: 2 #two\n", []string{" one", "# one", "two", "#two"}},
		{"a: '#no' # yes\r", []string{" yes", "# yes"}},
	} {
		f := Parse("f.yaml", []byte(c.src), Options{})
		var got []string
		for _, cm := range f.Comments() {
			got = append(got, cm.Text, c.src[cm.Range.Start:cm.Range.End])
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%q: comments %q, want %q", c.src, got, c.want)
		}
	}
	// The fallback scan on its own, as used when the lexer panics.
	src := []byte("k: \"a # b\" # c\rx: 1\r# d")
	var got []string
	for _, cm := range scanComments(src) {
		got = append(got, cm.Text, string(src[cm.Range.Start:cm.Range.End]))
	}
	if want := []string{" c", "# c", " d", "# d"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("scanComments: %q, want %q", got, want)
	}
}

// goccy/go-yaml fails on an empty block scalar followed by a blank line and a
// comment (Helm values files do this); the file is valid YAML.
func TestEmptyBlockScalarThenComment(t *testing.T) {
	src := "a:\n  b: |\n\n  # a comment\n  c: []\nd: |-\n\n# top comment\ne: 1\nf: |\n  # content, not a comment\n  x\ng: &anchor\n# a comment\nh: *anchor\n"
	f, d := parseOne(t, src)
	want := map[string]any{"a": map[string]any{"b": "", "c": []any{}}, "d": "", "e": int64(1), "f": "# content, not a comment\nx\n", "g": nil, "h": nil}
	if !reflect.DeepEqual(d.Value(), want) {
		t.Errorf("value = %#v", d.Value())
	}
	if len(f.Comments()) != 3 {
		t.Errorf("comments = %+v", f.Comments())
	}
}

func TestPlainScalarWithTrailingSpaces(t *testing.T) {
	// goccy positions such a scalar at its last trailing space.
	f := Parse("x.yaml", []byte("a: 3   \nb: x  \nc:\n  d: 10    \n"), Options{})
	if len(f.Syntax) > 0 || len(f.Docs) != 1 {
		t.Fatalf("syntax %v, docs %d", f.Syntax, len(f.Docs))
	}
	want := map[string]any{"a": int64(3), "b": "x", "c": map[string]any{"d": int64(10)}}
	if got := f.Docs[0].Value(); !reflect.DeepEqual(got, want) {
		t.Errorf("value = %#v, want %#v", got, want)
	}
	if n, _ := f.Docs[0].Lookup([]string{"a"}); n == nil || string(f.Src[n.Range.Start:n.Range.End]) != "3" {
		t.Errorf("range of a: %+v", n)
	}
}

func TestEmptyDocumentKeepsFollowingOnes(t *testing.T) {
	// goccy drops the documents after an empty one.
	for src, want := range map[string]int{
		"a: 1\n---\n---\nb: 2\n---\nc: 3\n":             4,
		"---\na: 1\n---\n# only a comment\n---\nb: 2\n": 3,
		"---\na: 1\n---\nb: 2\n":                        2,
	} {
		f := Parse("x.yaml", []byte(src), Options{})
		if len(f.Syntax) > 0 || len(f.Docs) != want {
			t.Errorf("%q: %d documents (syntax %v), want %d", src, len(f.Docs), f.Syntax, want)
			continue
		}
		if v := f.Docs[len(f.Docs)-1].Value(); v == nil {
			t.Errorf("%q: last document lost its value", src)
		}
	}
}

// Unrendered template placeholders are valid YAML (complex keys) that
// goccy/go-yaml cannot parse; they must not be reported as syntax errors.
func TestTemplatePlaceholders(t *testing.T) {
	src := "trigger:\n- {{ branch }}\npool:\n  vmImage: {{ image }}\nquoted: \"{{ kept }}\"\n"
	f, d := parseOne(t, src)
	m := d.Value().(map[string]any)
	if got := m["trigger"]; !reflect.DeepEqual(got, []any{"branch"}) {
		t.Errorf("trigger = %#v", got)
	}
	if got := m["quoted"]; got != "{{ kept }}" {
		t.Errorf("quoted = %#v", got)
	}
	n, _ := d.Lookup([]string{"pool", "vmImage"})
	if got := text(f, n.Range.Start, n.Range.End); !strings.HasPrefix(got, "image") {
		t.Errorf("range text = %q", got)
	}
	// A file that is broken for another reason is still reported.
	if f := Parse("t.yaml", []byte("a: {{ x }}\nb: [\n"), Options{}); len(f.Syntax) == 0 {
		t.Error("real syntax error hidden")
	}
}

func TestApproximateMarksTemplatedDocuments(t *testing.T) {
	f := Parse("t.yaml", []byte("a: 1\n---\nb: {{ x }}\n"), Options{})
	if len(f.Docs) != 2 || f.Docs[0].Approximate || !f.Docs[1].Approximate {
		t.Fatalf("documents: %+v %+v", f.Docs[0], f.Docs[1])
	}
}
