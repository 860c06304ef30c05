package baseline

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/output"
)

func TestRoundTrip(t *testing.T) {
	src := []byte("a: yes\nb: yes\n")
	f := output.File{Path: "x.yaml", Src: src, Diagnostics: []diag.Diagnostic{
		{Range: diag.Range{Start: 3, End: 6}, Code: "truthy", Message: "m"},
		{Range: diag.Range{Start: 10, End: 13}, Code: "truthy", Message: "m"},
	}}
	var buf bytes.Buffer
	if err := Write(&buf, []output.File{f}); err != nil {
		t.Fatal(err)
	}
	b, err := Read(&buf)
	if err != nil || b.Len != 2 {
		t.Fatalf("read back: %v, %d entries", err, b.Len)
	}
	kept, dropped := b.Filter(f)
	if dropped != 2 || len(kept.Diagnostics) != 0 {
		t.Errorf("filter: dropped %d, kept %d", dropped, len(kept.Diagnostics))
	}
	// A finding on a new line text is not in the baseline.
	g := f
	g.Src = []byte("a: yes\nc: yes\n")
	g.Fingerprints = nil
	kept, dropped = b.Filter(g)
	if dropped != 1 || len(kept.Diagnostics) != 1 || kept.Diagnostics[0].Range.Start != 10 {
		t.Errorf("changed line: dropped %d, kept %+v", dropped, kept.Diagnostics)
	}
}

func TestReadRejects(t *testing.T) {
	for _, in := range []string{"", "[]", `{"version":1,"fingerprint":"other/v9","findings":[]}`, `{"version":1,"fingerprint":"yamlint/v1","findings":[{"file":"x"}]}`} {
		if _, err := Read(strings.NewReader(in)); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(`{"version":1,"fingerprint":"yamlint/v1","findings":[{"file":"x","code":"c","fingerprint":"ab:1","line":1,"message":"m"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		b, err := Read(strings.NewReader(s))
		if err == nil && b == nil {
			t.Fatal("nil baseline without error")
		}
	})
}
