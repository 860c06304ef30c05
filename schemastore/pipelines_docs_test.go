package schemastore_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/schemastore"
)

// pipelineSchemas are the schemas of the CI pipeline formats; every
// property they declare must carry a title and a description, which the
// language server shows on hover.
var pipelineSchemas = []string{
	"github-workflow.json", "github-action.json", "dependabot-2.0.json",
	"pre-commit-config.json", "pre-commit-hooks.json", "gitlab-ci.json", "azure-pipelines.json", "compose.json",
}

// undocumented returns the JSON pointers of properties lacking a title or
// description. A property that only $refs a definition inherits the
// definition's documentation.
func undocumented(root map[string]any) []string {
	var out []string
	resolve := func(s map[string]any) map[string]any {
		for i := 0; i < 8; i++ {
			ref, ok := s["$ref"].(string)
			if !ok {
				return s
			}
			var cur any = root
			file, frag, _ := strings.Cut(ref, "#")
			if file != "" {
				// Another bundled schema, e.g. pre-commit-hooks.json#/...
				data, err := schemastore.Schema(file)
				if err != nil || json.Unmarshal(data, &cur) != nil {
					return s
				}
			}
			for _, tok := range splitPointer(frag) {
				m, ok := cur.(map[string]any)
				if !ok {
					return s
				}
				cur = m[tok]
			}
			next, ok := cur.(map[string]any)
			if !ok {
				return s
			}
			if _, t := s["title"]; t {
				if _, d := s["description"]; d {
					return s
				}
			}
			s = next
		}
		return s
	}
	// Subschemas under if/then/else/not/allOf only constrain properties
	// declared (and documented) elsewhere.
	conditional := map[string]bool{"if": true, "then": true, "else": true, "not": true, "allOf": true, "dependentSchemas": true}
	var walk func(ptr string, v any, cond bool)
	walk = func(ptr string, v any, cond bool) {
		switch v := v.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok && !cond {
				for name, p := range props {
					ps, ok := p.(map[string]any)
					if !ok {
						continue // a boolean schema (e.g. false: "not allowed here")
					}
					r := resolve(ps)
					_, t := ps["title"]
					_, d := ps["description"]
					_, rt := r["title"]
					_, rd := r["description"]
					if !(t || rt) || !(d || rd) {
						out = append(out, ptr+"/properties/"+name)
					}
				}
			}
			for k, c := range v {
				walk(ptr+"/"+k, c, conditional[k])
			}
		case []any:
			for i, c := range v {
				walk(fmt.Sprintf("%s/%d", ptr, i), c, cond)
			}
		}
	}
	walk("#", root, false)
	sort.Strings(out)
	return out
}

func splitPointer(p string) []string {
	var toks []string
	cur := ""
	for i := 1; i <= len(p); i++ {
		if i == len(p) || p[i] == '/' {
			toks = append(toks, cur)
			cur = ""
			continue
		}
		cur += string(p[i])
	}
	return toks
}

func TestPipelineSchemasDocumented(t *testing.T) {
	for _, name := range pipelineSchemas {
		data, err := schemastore.Schema(name)
		if err != nil {
			t.Fatal(err)
		}
		var root map[string]any
		if err := json.Unmarshal(data, &root); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, p := range undocumented(root) {
			t.Errorf("%s: %s has no title or description", name, p)
		}
	}
}
