package schemas

import (
	"encoding/json"
	"testing"

	"github.com/yamlint/yamlint/internal/yamlfile"
	"github.com/yamlint/yamlint/schemastore"
)

// FuzzContentAssociation: any catalog (SchemaStore's format, with content)
// and any YAML associate without panicking, and a document's association
// is the same whether asked alone or for the whole file.
func FuzzContentAssociation(f *testing.F) {
	f.Add(`{"schemas": [{"url": "a.json", "content": {"kind": "App*"}}, {"url": "b.json", "fileMatch": ["*.yaml"]}]}`,
		"kind: Application\n---\nkind: [x]\n---\n- 1\n")
	f.Add(`{"schemas": [{"url": "a.json", "fileMatch": ["**/x/*.yml"], "content": {"apiVersion": "[", "n": "1"}}]}`, "apiVersion: v1\nn: 1\n")
	f.Fuzz(func(t *testing.T, catalog, src string) {
		var c schemastore.Catalog
		if json.Unmarshal([]byte(catalog), &c) != nil {
			return
		}
		a := &Associator{Catalogs: [][]Rule{catalogRules(&c, "/r", "catalog")}}
		file := yamlfile.Parse("/r/x/f.yaml", []byte(src), yamlfile.Options{})
		all := a.ForFile("/r/x/f.yaml", file)
		for _, d := range file.Docs {
			one, ok1 := a.AssociateDoc("/r/x/f.yaml", file, d)
			two, ok2 := all(d)
			if one != two || ok1 != ok2 {
				t.Fatalf("doc %d: %v/%v vs %v/%v", d.Index, one, ok1, two, ok2)
			}
		}
		_ = a.HasContentRules()
	})
}
