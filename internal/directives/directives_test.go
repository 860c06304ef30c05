package directives

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

var testRules = []string{"colons", "trailing-spaces", "line-length"}

// run reports each code in codes on every line of src, at
// the line's first byte, as "line:code".
func run(t *testing.T, src string, codes ...string) []string {
	t.Helper()
	f := yamlfile.Parse("t.yaml", []byte(src), yamlfile.Options{})
	var ds []diag.Diagnostic
	for l := 0; l < f.Lines.Lines(); l++ {
		if l == f.Lines.Lines()-1 && f.Lines.LineStart(l) == len(f.Src) {
			break // the empty line after the final newline
		}
		for _, c := range codes {
			ds = append(ds, diag.Diagnostic{Range: diag.Range{Start: f.Lines.LineStart(l), End: f.Lines.LineStart(l)}, Code: c})
		}
	}
	var out []string
	for _, d := range Apply(f, ds, Options{Rules: testRules}) {
		out = append(out, fmt.Sprintf("%d:%s", f.Lines.Position(d.Range.Start).Line, d.Code))
	}
	return out
}

func lines(s string) []string { return strings.Fields(s) }

func TestDirectives(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		codes []string
		want  string
	}{
		{"no directives", "a: 1\nb: 2\n", []string{"colons"}, "1:colons 2:colons"},
		{"disable all then enable", "a: 1\n# yamllint disable\nb: 2\nc: 3\n# yamllint enable\nd: 4\n",
			[]string{"colons"}, "1:colons 5:colons 6:colons"},
		{"disable one rule", "a: 1\n# yamllint disable rule:colons\nb: 2\n",
			[]string{"colons", "line-length"}, "1:colons 1:line-length 2:line-length 3:line-length"},
		{"disable two, enable one", "# yamllint disable rule:colons rule:line-length\na: 1\n# yamllint enable rule:colons\nb: 2\n",
			[]string{"colons", "line-length"}, "3:colons 4:colons"},
		{"enable one after bare disable", "# yamllint disable\na: 1\n# yamllint enable rule:colons\nb: 2\n",
			[]string{"colons", "line-length"}, "3:colons 4:colons"},
		{"inline disable applies to its own line", "a: 1\nb: 2  # yamllint disable\nc: 3\n",
			[]string{"colons"}, "1:colons"},
		{"disable-line inline", "a: 1  # yamllint disable-line\nb: 2\n",
			[]string{"colons", "line-length"}, "2:colons 2:line-length"},
		{"disable-line alone covers the next line only", "# yamllint disable-line rule:colons\na: 1\nb: 2\n",
			[]string{"colons", "line-length"}, "1:colons 1:line-length 2:line-length 3:colons 3:line-length"},
		{"disable-line alone does not cover its own line", "a:\n  # yamllint disable-line\n  b: 1\n",
			[]string{"colons"}, "1:colons 2:colons"},
		{"disable-line before another comment", "# yamllint disable-line\n# other\na: 1\n",
			[]string{"colons"}, "1:colons 3:colons"},
		{"yamlint prefix", "# yamlint disable rule:colons\na: 1\n", []string{"colons"}, ""},
		{"not a directive: no space", "#yamllint disable\na: 1\n", []string{"colons"}, "1:colons 2:colons"},
		{"not a directive: extra words", "# yamllint disable please\na: 1\n", []string{"colons"}, "1:colons 2:colons"},
		{"trailing blanks allowed", "# yamllint disable   \na: 1\n", []string{"colons"}, ""},
		{"bare disable spares syntax and schema", "# yamllint disable\na: 1\n", []string{"colons", "syntax", "schema"},
			"1:schema 1:syntax 2:schema 2:syntax"},
		{"rule:schema", "a: 1  # yamllint disable-line rule:schema\nb: 2\n", []string{"schema"}, "2:schema"},
		{"directive in a block scalar is text", "a: |\n  # yamllint disable\nb: 1\n", []string{"colons"}, "1:colons 2:colons 3:colons"},
		{"disable-file", "# yamllint disable-file\na: 1\n", []string{"colons", "syntax", "schema"}, ""},
		{"disable-file loose spacing", "#yamllint disable-file\na: 1\n", []string{"colons"}, ""},
		{"disable-file only on line 1", "a: 1\n# yamllint disable-file\n", []string{"colons"}, "1:colons 2:colons"},
		{"disable-file with rules (extension)", "# yamlint disable-file rule:colons\na: 1\n", []string{"colons", "schema"}, "1:schema 2:schema"},
		{"disable-file after BOM", "\ufeff# yamllint disable-file\na: 1\n", []string{"colons"}, ""},
		{"CRLF", "a: 1\r\n# yamllint disable-line\r\nb: 2\r\nc: 3\r\n", []string{"colons"}, "1:colons 2:colons 4:colons"},
		{"unknown rule warns and is ignored", "# yamllint disable rule:colon\na: 1\n", []string{"colons"}, "1:colons 1:directive 2:colons"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := run(t, tc.src, tc.codes...)
			sortByLine(got)
			if want := lines(tc.want); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("got  %v\nwant %v", got, want)
			}
		})
	}
}

func sortByLine(s []string) {
	// Apply appends warnings last; order by line then code for comparison.
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && less(s[j], s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func less(a, b string) bool {
	var la, lb int
	var ca, cb string
	fmt.Sscanf(strings.Replace(a, ":", " ", 1), "%d %s", &la, &ca)
	fmt.Sscanf(strings.Replace(b, ":", " ", 1), "%d %s", &lb, &cb)
	if la != lb {
		return la < lb
	}
	return ca < cb
}

func TestUnknownRuleMessage(t *testing.T) {
	src := "a: 1  # yamllint disable-line rule:line-lenght\n"
	f := yamlfile.Parse("t.yaml", []byte(src), yamlfile.Options{})
	ds := Apply(f, nil, Options{Rules: testRules})
	if len(ds) != 1 || ds[0].Code != Code || ds[0].Severity != diag.SeverityWarning ||
		ds[0].Message != `directive names unknown rule "line-lenght"` || ds[0].Range.Start != strings.Index(src, "#") {
		t.Fatalf("got %+v", ds)
	}
}

func TestNoMarkerIsCheap(t *testing.T) {
	src := []byte("a: 1\n# just a comment\n")
	f := yamlfile.Parse("t.yaml", src, yamlfile.Options{})
	in := []diag.Diagnostic{{Code: "colons"}}
	if out := Apply(f, in, Options{Rules: testRules}); len(out) != 1 {
		t.Fatal("diagnostic dropped without directives")
	}
}
