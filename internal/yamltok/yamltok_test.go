package yamltok

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// scanCases hold PyYAML 6's token stream for each input (marks as
// line:column, 0-based) and its scanner error. With an error, PyYAML hands
// out tokens lazily, so ours must be a prefix of its stream.
var scanCases = []struct{ src, toks, err string }{
	{"key: value\nlist:\n- a\n-  b\n",
		"StreamStart@0:0-0:0 BlockMappingStart@0:0-0:0 Key@0:0-0:0 Scalar@0:0-0:3=\"key\" Value@0:3-0:4 Scalar@0:5-0:10=\"value\" Key@1:0-1:0 Scalar@1:0-1:4=\"list\" Value@1:4-1:5 BlockEntry@2:0-2:1 Scalar@2:2-2:3=\"a\" BlockEntry@3:0-3:1 Scalar@3:3-3:4=\"b\" BlockEnd@4:0-4:0 StreamEnd@4:0-4:0",
		""},
	{"---\n? complex\n: {a: 1, b: [x, y]}\n...\n",
		"StreamStart@0:0-0:0 DocumentStart@0:0-0:3 BlockMappingStart@1:0-1:0 Key@1:0-1:1 Scalar@1:2-1:9=\"complex\" Value@2:0-2:1 FlowMappingStart@2:2-2:3 Key@2:3-2:3 Scalar@2:3-2:4=\"a\" Value@2:4-2:5 Scalar@2:6-2:7=\"1\" FlowEntry@2:7-2:8 Key@2:9-2:9 Scalar@2:9-2:10=\"b\" Value@2:10-2:11 FlowSequenceStart@2:12-2:13 Scalar@2:13-2:14=\"x\" FlowEntry@2:14-2:15 Scalar@2:16-2:17=\"y\" FlowSequenceEnd@2:17-2:18 FlowMappingEnd@2:18-2:19 BlockEnd@3:0-3:0 DocumentEnd@3:0-3:3 StreamEnd@4:0-4:0",
		""},
	{"a: |+\n  keep\n\nb: >-\n  folded\n  text\n# end\n",
		"StreamStart@0:0-0:0 BlockMappingStart@0:0-0:0 Key@0:0-0:0 Scalar@0:0-0:1=\"a\" Value@0:1-0:2 Scalar@0:3-3:0=\"keep\\n\\n\" Key@3:0-3:0 Scalar@3:0-3:1=\"b\" Value@3:1-3:2 Scalar@3:3-6:0=\"folded text\" BlockEnd@7:0-7:0 StreamEnd@7:0-7:0",
		""},
	{"- &anc 'single ''q'''\n- *anc\n- !!str \"dq\\tesc\"\n",
		"StreamStart@0:0-0:0 BlockSequenceStart@0:0-0:0 BlockEntry@0:0-0:1 Anchor@0:2-0:6 Scalar@0:7-0:21=\"single 'q'\" BlockEntry@1:0-1:1 Alias@1:2-1:6 BlockEntry@2:0-2:1 Tag@2:2-2:7 Scalar@2:8-2:17=\"dq\\tesc\" BlockEnd@3:0-3:0 StreamEnd@3:0-3:0",
		""},
	{"%YAML 1.2\n---\nplain: multi\n  line scalar\n",
		"StreamStart@0:0-0:0 Directive@0:0-0:9 DocumentStart@1:0-1:3 BlockMappingStart@2:0-2:0 Key@2:0-2:0 Scalar@2:0-2:5=\"plain\" Value@2:5-2:6 Scalar@2:7-3:13=\"multi line scalar\" BlockEnd@4:0-4:0 StreamEnd@4:0-4:0",
		""},
	{"key: [a\n",
		"StreamStart@0:0-0:0 BlockMappingStart@0:0-0:0 Key@0:0-0:0 Scalar@0:0-0:3=\"key\" Value@0:3-0:4 FlowSequenceStart@0:5-0:6 Scalar@0:6-0:7=\"a\" StreamEnd@1:0-1:0",
		""},
	{"a:\n\tb: 1\n",
		"StreamStart@0:0-0:0 BlockMappingStart@0:0-0:0 Key@0:0-0:0 Scalar@0:0-0:1=\"a\" Value@0:1-0:2",
		"2:1: found character '\\t' that cannot start any token"},
	{"a: b: c\n",
		"StreamStart@0:0-0:0 BlockMappingStart@0:0-0:0 Key@0:0-0:0 Scalar@0:0-0:1=\"a\" Value@0:1-0:2 Scalar@0:3-0:4=\"b\"",
		"1:5: mapping values are not allowed here"},
}

func render(toks []Token) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = fmt.Sprintf("%s@%d:%d-%d:%d", t.Kind, t.Start.Line, t.Start.Column, t.End.Line, t.End.Column)
		if t.Kind == Scalar {
			parts[i] += "=" + strconv.Quote(t.Value)
		}
	}
	return strings.Join(parts, " ")
}

func TestScanMatchesPyYAML(t *testing.T) {
	for _, c := range scanCases {
		toks, err := Scan([]byte(c.src))
		got := render(toks)
		if c.err == "" {
			if err != nil {
				t.Errorf("%q: unexpected error %v", c.src, err)
			}
			if got != c.toks {
				t.Errorf("%q:\n got  %s\n want %s", c.src, got, c.toks)
			}
			continue
		}
		if err == nil || err.Error() != c.err {
			t.Errorf("%q: error %v, want %s", c.src, err, c.err)
		}
		if !strings.HasPrefix(c.toks, got) {
			t.Errorf("%q: tokens are not a prefix of PyYAML's:\n got  %s\n want %s", c.src, got, c.toks)
		}
	}
}

func TestOffsetsAndColumns(t *testing.T) {
	// Columns count characters, offsets bytes.
	toks, err := Scan([]byte("é: ü\n"))
	if err != nil {
		t.Fatal(err)
	}
	v := toks[5]
	if v.Kind != Scalar || v.Start.Column != 3 || v.Start.Offset != 4 || v.Value != "ü" {
		t.Errorf("value token = %+v", v)
	}
}

// A tag's handle and a %YAML directive's version are read back from the
// token (they are not stored as strings of their own), and the token stays
// small: a large file has one per few bytes.
func TestHandleAndVersion(t *testing.T) {
	src := []byte("%YAML 1.1\n%TAG !e! tag:example.com,2000:\n---\na: !!str 1\nb: !e!thing x\nc: !local y\nd: !<tag:x> z\n")
	toks, err := Scan(src)
	if err != nil {
		t.Fatal(err)
	}
	var handles, versions []string
	for _, tk := range toks {
		switch tk.Kind {
		case Tag:
			handles = append(handles, tk.Handle()+"|"+tk.Value)
		case Directive:
			versions = append(versions, tk.Value+"="+tk.YAMLVersion(src))
		}
	}
	if got, want := strings.Join(handles, " "), "!!|!!str !e!|!e!thing !|!local |tag:x"; got != want {
		t.Errorf("tags: %q, want %q", got, want)
	}
	if got, want := strings.Join(versions, " "), "YAML=1.1 TAG="; got != want {
		t.Errorf("directives: %q, want %q", got, want)
	}
	if size := unsafe.Sizeof(Token{}); size > 72 {
		t.Errorf("Token is %d bytes", size)
	}
}
