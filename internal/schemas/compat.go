package schemas

import (
	"k8s.io/kube-openapi/pkg/validation/strfmt"

	"errors"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// refSiblingsAsAllOf rewrites, in schemas of drafts 4 to 7, objects that
// hold "$ref" next to other keywords into {"allOf": [{"$ref": ...}], ...}.
// Those drafts say siblings of $ref are ignored, but ajv and
// yaml-language-server apply them and real schemas (SchemaStore's among
// them) depend on that: a `required` beside a `$ref` must be enforced.
func refSiblingsAsAllOf(doc any) any {
	root, ok := doc.(map[string]any)
	if !ok {
		return doc
	}
	if s, _ := root["$schema"].(string); strings.Contains(s, "2019-09") || strings.Contains(s, "2020-12") {
		return doc // $ref siblings are applied by these drafts already
	}
	rewriteRefs(root)
	return doc
}

// annotationKeys do not validate, so a $ref beside only these needs no
// rewrite; definitions must stay where pointers expect them.
var annotationKeys = map[string]bool{
	"$ref": true, "$id": true, "id": true, "$schema": true, "$comment": true,
	"title": true, "description": true, "markdownDescription": true, "default": true,
	"examples": true, "definitions": true, "$defs": true, "deprecationMessage": true,
}

func rewriteRefs(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if k == "enum" || k == "const" || k == "default" || k == "examples" {
				continue // data, not schemas
			}
			rewriteRefs(c)
		}
		ref, has := x["$ref"]
		if !has {
			return
		}
		if _, isString := ref.(string); !isString {
			return // e.g. a property literally named "$ref"
		}
		for k := range x {
			if !annotationKeys[k] {
				delete(x, "$ref")
				all := []any{map[string]any{"$ref": ref}}
				if prev, ok := x["allOf"].([]any); ok {
					all = append(all, prev...)
				}
				x["allOf"] = all
				return
			}
		}
	case []any:
		for _, c := range x {
			rewriteRefs(c)
		}
	}
}

// KubeDurationFormat is the format Kubernetes-derived schemas (CRDs,
// --schema-location) get for their `format: duration`: the API server
// reads it as a Go duration ("5m0s", "1h30m", also "3d"), not JSON
// Schema's ISO 8601 duration.
const KubeDurationFormat = "k8s-duration"

func kubeFormats() []*jsonschema.Format {
	return []*jsonschema.Format{{Name: KubeDurationFormat, Validate: func(v any) error {
		s, ok := v.(string)
		if !ok || strfmt.IsDuration(s) {
			return nil
		}
		return errors.New("is not a duration (Go syntax, such as 30s, 5m0s or 1h30m)")
	}}}
}

// uriFormats replace the validator's uri and uri-reference checks, which
// accept spaces and other characters RFC 3986 does not allow.
func uriFormats() []*jsonschema.Format {
	check := func(absolute bool) func(any) error {
		return func(v any) error {
			s, ok := v.(string)
			if !ok {
				return nil
			}
			for _, r := range s {
				if r <= ' ' || r == '"' || r == '<' || r == '>' || r == '\\' || r == '^' || r == '`' || r == '{' || r == '|' || r == '}' || r == 0x7f {
					return errors.New("contains a character not allowed in a URI")
				}
			}
			if absolute {
				i := strings.IndexByte(s, ':')
				if i <= 0 {
					return errors.New("has no scheme")
				}
				for j, r := range s[:i] {
					letter := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
					if !(letter || (j > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'))) {
						return errors.New("has an invalid scheme")
					}
				}
			}
			return nil
		}
	}
	return []*jsonschema.Format{
		{Name: "uri", Validate: check(true)},
		{Name: "uri-reference", Validate: check(false)},
	}
}
