package cli

import (
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/output"
)

// A cross-file finding added at the end of the run (k8s-dangling-service)
// keeps the file's other findings' identities, computed from the tree, in
// step with their findings; before, they were all dropped and recomputed
// without the tree, so a baseline stopped matching the file.
func TestAddFinishedKeepsFingerprints(t *testing.T) {
	src := []byte("a: 1\nb: 2\nc: 3\n")
	f := output.File{Path: "x.yaml", Src: src,
		Diagnostics:  []diag.Diagnostic{{Range: diag.Range{Start: 0, End: 1}, Code: "one"}, {Range: diag.Range{Start: 10, End: 11}, Code: "three"}},
		Fingerprints: []string{"tree-fp-1:1", "tree-fp-3:1"}}
	files := []output.File{f, {Path: "other.yaml"}}
	addFinished(files, map[string][]diag.Diagnostic{"x.yaml": {{Range: diag.Range{Start: 5, End: 6}, Code: "two"}}})
	got := files[0]
	if len(got.Diagnostics) != 3 || len(got.Fingerprints) != 3 {
		t.Fatalf("%d findings, %d fingerprints", len(got.Diagnostics), len(got.Fingerprints))
	}
	if got.Diagnostics[1].Code != "two" || got.Fingerprints[0] != "tree-fp-1:1" || got.Fingerprints[2] != "tree-fp-3:1" ||
		got.Fingerprints[1] == "" || got.Fingerprints[1] == got.Fingerprints[0] {
		t.Errorf("findings %v\nfingerprints %v", got.Diagnostics, got.Fingerprints)
	}
	if fps := output.FingerprintsOf(got); fps[0] != "tree-fp-1:1" {
		t.Errorf("FingerprintsOf recomputed the file's identities: %v", fps)
	}
}
