package house

import (
	"bytes"
	"os"
	"testing"

	"github.com/yamlint/yamlint/internal/codes"
)

// The pack codes registered at start-up are generated from the packs; a
// pack edit without `go generate ./internal/house` fails here.
func TestPackCodesGenerated(t *testing.T) {
	want, err := GeneratePackCodes()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("packcodes_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("packcodes_gen.go is stale: run go generate ./internal/house")
	}
	n := 0
	for _, p := range packList {
		rules, err := p.load()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rules {
			n++
			c, want := codes.Lookup(r.ID), r.Code()
			want.Source = "" // built in: no config file:line
			if c == nil || *c != want {
				t.Errorf("%s: registered code differs from the pack's rule", r.ID)
			}
			if !IsPackRule(r.ID) {
				t.Errorf("%s: not known as a pack rule", r.ID)
			}
		}
	}
	if n != len(packCodes) || n < 25 {
		t.Errorf("%d pack rules, %d generated codes", n, len(packCodes))
	}
}
