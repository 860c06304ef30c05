// Package composegen generates schemas/compose.json from the Compose
// Specification's JSON schema that github.com/compose-spec/compose-go/v2
// exports (schema.Schema), so the file is produced by our code from a Go
// dependency rather than copied. The transform:
//
//   - gives the schema our $id (it is served from the embedded store);
//   - adds a title to every property and a description where upstream has
//     none, for hover in the language server;
//   - turns "allOf of $refs + unevaluatedProperties: false" (service, job,
//     pre_start_hook) into one object with additionalProperties: false whose
//     properties $ref the composed definitions' properties, so an unknown or
//     invalid key yields one error at the key instead of a cascade of
//     "false schema" errors for every key evaluated in a failing branch;
//   - drops uniqueItems: compose-go merges duplicate list entries (last
//     wins) before it validates, so duplicates are not an error;
//   - accepts a string holding ${VAR} interpolation wherever upstream wants
//     only a number, integer or boolean, and wherever a closed enum is
//     expected, since Compose interpolates before it validates.
//
// Run `go generate ./schemastore` (or go test ./schemastore/internal/composegen
// -update) after bumping compose-go; a test proves the committed file is the
// generator's output.
package composegen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/schema"
)

// ID is the identifier of the generated schema.
const ID = "https://yamlint.dev/schemas/compose.json"

// Interpolation matches a string holding a ${VAR} or $VAR reference.
const Interpolation = `\$\{?[A-Za-z_]`

// descriptions fills in properties upstream leaves undocumented, keyed by
// the JSON pointer of the property's parent object schema and its name
// ("*" matches any parent).
var descriptions = map[string]string{
	"annotations":  "Annotations (metadata key/value pairs) set on the container.",
	"deploy":       "Deployment and runtime constraints: replicas, resources, restart policy, placement (used by orchestrators and docker compose up).",
	"develop":      "Development settings: files to watch and sync, or actions on change (docker compose watch).",
	"attach":       "Whether docker compose up attaches to the service's output (default true).",
	"context_size": "The context window size, in tokens, the model is run with.",
}

// Generate returns the generated schema.
func Generate() ([]byte, error) {
	dec := json.NewDecoder(strings.NewReader(schema.Schema))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("compose-spec schema: %w", err)
	}
	root["$id"] = ID
	if err := closeCompositions(root); err != nil {
		return nil, err
	}
	var missing []string
	walk(root, "#", &missing)
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("properties without a description (add them to descriptions): %s", strings.Join(missing, ", "))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func walk(v any, ptr string, missing *[]string) {
	switch v := v.(type) {
	case map[string]any:
		delete(v, "uniqueItems")
		document(v, ptr, missing)
		interpolate(v)
		for _, alt := range []string{"oneOf", "anyOf"} {
			if branches, ok := v[alt].([]any); ok {
				interpolateBranches(branches)
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walk(v[k], ptr+"/"+k, missing)
		}
	case []any:
		for i, c := range v {
			walk(c, fmt.Sprintf("%s/%d", ptr, i), missing)
		}
	}
}

// document adds titles and missing descriptions to the properties of s.
func document(s map[string]any, ptr string, missing *[]string) {
	props, ok := s["properties"].(map[string]any)
	if !ok {
		return
	}
	for name, p := range props {
		ps, ok := p.(map[string]any)
		if !ok {
			continue
		}
		if _, ref := ps["$ref"]; ref && len(ps) == 1 {
			if _, own := descriptions[name]; !own {
				continue // documented where it points
			}
		}
		if _, ok := ps["title"]; !ok {
			ps["title"] = name
		}
		if _, ok := ps["description"]; !ok {
			if d, ok := descriptions[name]; ok {
				ps["description"] = d
			} else {
				*missing = append(*missing, ptr+"/properties/"+name)
			}
		}
	}
}

func types(s map[string]any) []string {
	switch t := s["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			if str, ok := x.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	return nil
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// scalarOnly reports whether s wants a number, integer or boolean and no
// string.
func scalarOnly(s map[string]any) bool {
	ts := types(s)
	if has(ts, "string") {
		return false
	}
	return has(ts, "number") || has(ts, "integer") || has(ts, "boolean")
}

// interpolate lets a ${VAR} string stand for a number, boolean, enum value
// or a string of a constrained form (pattern)
// (oneOf/anyOf branches are handled by interpolateBranches).
func interpolate(s map[string]any) {
	if s["$interpolation-handled"] == true {
		delete(s, "$interpolation-handled")
		return
	}
	if _, hasIf := s["if"]; scalarOnly(s) && !hasIf {
		// if/else rather than a string type with a pattern, so a wrong
		// value reads "expected integer, got string" rather than a regex.
		s["if"] = map[string]any{"type": "string", "pattern": Interpolation}
		s["else"] = map[string]any{"type": s["type"], "$interpolation-handled": true}
		delete(s, "type")
	}
	if lit := scalarLiteral(s); lit != "" {
		// Upstream writes ["boolean", "string"] so that interpolated values
		// pass; compose-go then casts the string, so only ${VAR} and the
		// literals it can cast are valid strings.
		s["if"] = map[string]any{"type": "string", "pattern": Interpolation + "|" + lit}
		s["else"] = map[string]any{"type": scalarOf(s), "$interpolation-handled": true}
		delete(s, "type")
		return
	}
	if pat, ok := s["pattern"].(string); ok && pat != Interpolation && has(types(s), "string") {
		if _, hasIf := s["if"]; !hasIf {
			delete(s, "pattern")
			s["if"] = map[string]any{"type": "string", "pattern": Interpolation}
			s["else"] = map[string]any{"pattern": pat, "$interpolation-handled": true}
		}
	}
	if enum, ok := s["enum"].([]any); ok {
		if _, hasIf := s["if"]; !hasIf && allStrings(enum) {
			delete(s, "enum")
			s["if"] = map[string]any{"type": "string", "pattern": `\$`}
			s["else"] = map[string]any{"enum": enum, "$interpolation-handled": true}
		}
	}
}

// interpolateBranches handles alternatives: when one branch already takes
// strings, the scalar branches are left alone (adding string to them would
// make a oneOf ambiguous).
func interpolateBranches(branches []any) {
	stringBranch := false
	for _, b := range branches {
		if bs, ok := b.(map[string]any); ok && has(types(bs), "string") {
			stringBranch = true
		}
	}
	if !stringBranch {
		return
	}
	for _, b := range branches {
		if bs, ok := b.(map[string]any); ok && scalarOnly(bs) {
			bs["$interpolation-handled"] = true
		}
	}
}

func allStrings(vs []any) bool {
	for _, v := range vs {
		if _, ok := v.(string); !ok {
			return false
		}
	}
	return len(vs) > 0
}

// closeCompositions inlines the property lists of allOf-composed object
// definitions closed with unevaluatedProperties: false.
func closeCompositions(root map[string]any) error {
	defs, _ := root["$defs"].(map[string]any)
	for name, d := range defs {
		s, ok := d.(map[string]any)
		if !ok || s["unevaluatedProperties"] != false {
			continue
		}
		parts, ok := s["allOf"].([]any)
		if !ok {
			continue
		}
		props, _ := s["properties"].(map[string]any)
		if props == nil {
			props = map[string]any{}
		}
		patterns := map[string]any{}
		for _, p := range parts {
			ref, _ := p.(map[string]any)["$ref"].(string)
			target, ok := strings.CutPrefix(ref, "#/$defs/")
			if !ok || len(p.(map[string]any)) != 1 {
				return fmt.Errorf("$defs/%s: cannot inline allOf part %v", name, p)
			}
			def, _ := defs[target].(map[string]any)
			for k := range def {
				switch k {
				case "description", "type", "properties", "patternProperties":
				default:
					return fmt.Errorf("$defs/%s: cannot inline keyword %s of $defs/%s", name, k, target)
				}
			}
			tprops, _ := def["properties"].(map[string]any)
			for k := range tprops {
				if _, own := props[k]; !own {
					props[k] = map[string]any{"$ref": "#/$defs/" + target + "/properties/" + k}
				}
			}
			if pp, ok := def["patternProperties"].(map[string]any); ok {
				for k, v := range pp {
					patterns[k] = v
				}
			}
		}
		delete(s, "allOf")
		delete(s, "unevaluatedProperties")
		s["type"] = "object"
		s["properties"] = props
		if len(patterns) > 0 {
			s["patternProperties"] = patterns
		}
		s["additionalProperties"] = false
	}
	return nil
}

// scalarLiteral returns the pattern of the strings compose-go casts to the
// scalar type of a ["boolean"|"integer", "string"] schema with no other
// string constraint, or "".
func scalarLiteral(s map[string]any) string {
	ts := types(s)
	if len(ts) != 2 || !has(ts, "string") {
		return ""
	}
	for _, k := range []string{"pattern", "enum", "format", "minLength", "maxLength", "if", "const"} {
		if _, ok := s[k]; ok {
			return ""
		}
	}
	switch {
	case has(ts, "boolean"):
		return `^(true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|on|On|ON|n|N|no|No|NO|off|Off|OFF)$` // no inline flags: ECMA regexes lack them
	case has(ts, "integer"):
		return `^[+-]?[0-9]+$`
	}
	return ""
}

func scalarOf(s map[string]any) string {
	for _, t := range types(s) {
		if t != "string" {
			return t
		}
	}
	return ""
}
