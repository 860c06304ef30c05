package config

import (
	"fmt"
	"testing"

	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
	"github.com/yamlint/yamlint/schemastore"
)

// TestConfigSchemaWithoutRuleOptions: the schema configs are loaded with
// (without the per-rule option schemas) finds, outside rule entries,
// exactly what the full schema finds.
func TestConfigSchemaWithoutRuleOptions(t *testing.T) {
	full := schemas.NewStore()
	fullSch, err := full.Compile(schemastore.BaseURL + "yamlint-config.json")
	if err != nil {
		t.Fatal(err)
	}
	store, sch, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, src := range []string{
		"rules: {}\n",
		"rules:\n  line-length: {max: many, allow-non-breakable-words: 3}\n  indentation: {spaces: x}\n  nope: enable\n",
		"rules: [1]\n",
		"rules:\n  truthy: disable\nseverity: {trailing-spaces: fatal, k8s-image-tag: error}\n",
		"packs: [kubernetes-best-practice]\nextends: [1]\nyaml-files: 3\n",
		"house-rules:\n  - id: x\n    assert: 1\n    severity: loud\n    target: {a: b}\n",
		"ignore: 3\nlocale: 2\nschemas: {x: 3}\nkubernetes: {version: [1]}\nunknown-key: 1\n",
	} {
		f := yamlfile.Parse(".yamlint.yaml", []byte(src), yamlfile.Options{})
		doc := f.Docs[0]
		wantDiags := WithoutRuleEntries(doc, full.Validate(fullSch, f, doc))
		found += len(wantDiags)
		want := fmt.Sprint(wantDiags)
		got := fmt.Sprint(WithoutRuleEntries(doc, store.Validate(sch, f, doc)))
		if got != want {
			t.Errorf("%q:\n got %s\nwant %s", src, got, want)
		}
	}
	if found < 8 {
		t.Errorf("the cases gave %d findings outside rule entries; they should exercise the schema", found)
	}
}
