package house

import (
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// FuzzHouseRule: a house-rules section (the config is untrusted input)
// and a document never crash decoding, compiling or evaluating; a rule
// either compiles or gives config errors with positions inside the config.
func FuzzHouseRule(f *testing.F) {
	f.Add("house-rules:\n  - id: a\n    target: container\n    field: image\n    assert: \"self.image.endsWith(':latest')\"\n",
		"apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, image: 'x:latest'}]\n")
	f.Add("house-rules:\n  - id: b\n    target: \"jobs.*\"\n    schema: {required: [timeout-minutes]}\n", "on: push\njobs:\n  a: {runs-on: x}\n")
	f.Add("house-rules:\n  - id: c\n    assert: |\n      self.items.all(a, self.items.all(b, a < b))\n", "items: [1, 2, 3]\n")
	f.Add("house-rules:\n  - id: d\n    match: {kinds: [\"*/Deployment\"], files: [\"**\"]}\n    assert: \"object.?spec.?replicas.orValue(1) > 1\"\n", "apiVersion: apps/v1\nkind: Deployment\n")
	f.Fuzz(func(t *testing.T, cfg, doc string) {
		cf := yamlfile.Parse(".yamlint.yaml", []byte(cfg), yamlfile.Options{})
		if len(cf.Syntax) > 0 || len(cf.Docs) == 0 || cf.Docs[0].Root == nil {
			return
		}
		set, ds := Parse(cf, cf.Docs[0].Root, ".yamlint.yaml", t.TempDir())
		for _, d := range ds {
			if d.Range.Start < 0 || d.Range.End > len(cfg) || d.Range.Start > d.Range.End {
				t.Fatalf("config error outside the config: %+v", d)
			}
		}
		df := yamlfile.Parse("doc.yaml", []byte(doc), yamlfile.Options{})
		docs := make([]Doc, len(df.Docs))
		for i, d := range df.Docs {
			docs[i] = Doc{Doc: d, Format: inferFormat(d.Root)}
		}
		set.Check("doc.yaml", df, docs, func(d diag.Diagnostic) {
			if d.Code == "internal" {
				t.Fatalf("rule crashed: %s", d.Message)
			}
			if d.Range.Start < 0 || d.Range.End > len(doc) || d.Range.Start > d.Range.End {
				t.Fatalf("finding outside the document: %+v (%s)", d, strings.TrimSpace(d.Message))
			}
		})
		set.TestExamples(true)
	})
}
