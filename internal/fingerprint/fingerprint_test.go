package fingerprint

import (
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

func compute(src, needle, code string, nth int) string {
	f := yamlfile.Parse("a.yaml", []byte(src), yamlfile.Options{})
	off := -1
	for i := 0; i < nth; i++ {
		off = strings.Index(src[off+1:], needle) + off + 1
	}
	fps := Compute(Input{Path: "a.yaml", Src: f.Src, Lines: f.Lines, Tree: f,
		Diagnostics: []diag.Diagnostic{{Range: diag.Range{Start: off, End: off + len(needle)}, Code: code}}})
	return fps[0]
}

func TestStableAcrossUnrelatedEdits(t *testing.T) {
	v1 := "a:\n  b: 1\n  c: yes\n"
	base := compute(v1, "yes", "truthy", 1)
	for name, src := range map[string]string{
		"lines above":  "x: 1\ny: 2\n" + v1,
		"re-indented":  "a:\n    b: 1\n    c: yes\n",
		"inner spaces": "a:\n  b: 1\n  c:   yes\n",
	} {
		if got := compute(src, "yes", "truthy", 1); got != base {
			t.Errorf("%s: %s != %s", name, got, base)
		}
	}
	for name, src := range map[string]string{
		"value changed": "a:\n  b: 1\n  c: on\n",
		"other key":     "a:\n  b: 1\n  d: yes\n",
	} {
		needle := "yes"
		if name == "value changed" {
			needle = "on"
		}
		if got := compute(src, needle, "truthy", 1); got == base {
			t.Errorf("%s: fingerprint unchanged", name)
		}
	}
	if compute(v1, "yes", "other-code", 1) == base {
		t.Error("code is not part of the identity")
	}
	if !strings.HasSuffix(base, ":1") {
		t.Errorf("first occurrence: %s", base)
	}
}

func TestOccurrencesCounted(t *testing.T) {
	src := "a: yes\n---\na: yes\n"
	f := yamlfile.Parse("a.yaml", []byte(src), yamlfile.Options{})
	ds := []diag.Diagnostic{{Range: diag.Range{Start: 3, End: 6}, Code: "truthy"}, {Range: diag.Range{Start: 14, End: 17}, Code: "truthy"}}
	fps := Compute(Input{Path: "a.yaml", Src: f.Src, Lines: f.Lines, Tree: f, Diagnostics: ds})
	h1, n1 := Split(fps[0])
	h2, n2 := Split(fps[1])
	if h1 != h2 || n1 != 1 || n2 != 2 {
		t.Errorf("got %v", fps)
	}
	if NodePath(f, 3) != "/a" {
		t.Errorf("node path %q", NodePath(f, 3))
	}
}
