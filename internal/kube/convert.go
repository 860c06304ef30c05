package kube

import (
	"regexp"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/yamlint/yamlint/internal/schemas"
)

// convertOptions control the OpenAPI -> JSON Schema conversion.
type convertOptions struct {
	// Strict adds additionalProperties:false to objects that list
	// properties and do not preserve unknown fields: the API server drops
	// (CRDs) or rejects (built-ins, kubectl --validate=strict) such fields.
	Strict bool
}

// convert turns a Kubernetes OpenAPI v3 schema (a bundle definition or a
// CRD's openAPIV3Schema) into JSON Schema 2020-12.
//
// Null needs no schema support: the API server treats a null field as
// unset (Go's JSON decoding zeroes it, CRD pruning drops it), so values are
// passed through StripNulls before validation and `creationTimestamp: null`
// or an empty `volumes:` are not errors, while messages stay "expected
// integer", not "expected integer or null". Schemas marked nullable still
// accept null where it is kept (list items).
func convert(s map[string]any, o convertOptions) map[string]any {
	return convertNode(s, o, false)
}

func convertNode(s map[string]any, o convertOptions, allowNull bool) map[string]any {
	out := map[string]any{}
	intOrString, _ := s["x-kubernetes-int-or-string"].(bool)
	preserve, _ := s["x-kubernetes-preserve-unknown-fields"].(bool)
	embedded, _ := s["x-kubernetes-embedded-resource"].(bool)

	var types []any
	switch {
	case intOrString:
		types = []any{"integer", "string"}
	default:
		switch t := s["type"].(type) {
		case string:
			types = []any{t}
		case []any:
			types = append(types, t...)
		}
	}
	if nullable, _ := s["nullable"].(bool); nullable {
		allowNull = true
	}
	if len(types) > 0 {
		if allowNull {
			types = append(types, "null")
		}
		if len(types) == 1 {
			out["type"] = types[0]
		} else {
			out["type"] = types
		}
	}
	if enum, ok := s["enum"].([]any); ok {
		e := append([]any{}, enum...)
		if allowNull {
			e = append(e, nil)
		}
		out["enum"] = e
	}
	for k, v := range s {
		switch k {
		case "required":
			out[k] = requiredWithoutDefaults(v, s)
		case "description", "minLength", "maxLength", "minItems", "maxItems",
			"minProperties", "maxProperties", "multipleOf", "uniqueItems", "$ref":
			out[k] = v
		case "title":
			out[k] = v
		case "format":
			// The one format the API server reads differently from JSON
			// Schema; the others stay unasserted, as before.
			if v == "duration" {
				out[k] = schemas.KubeDurationFormat
			}
		case "pattern":
			// Kubernetes evaluates patterns with Go's RE2 as we do; a pattern
			// RE2 cannot compile would make the whole schema unusable, so it
			// is dropped rather than failing every document.
			if p, ok := v.(string); ok {
				if _, err := regexp.Compile(p); err == nil {
					out[k] = p
				}
			}
		case "minimum", "maximum":
			out[k] = v
		case "exclusiveMinimum", "exclusiveMaximum":
			// OpenAPI 3.0 booleans become 2020-12 numbers.
			bound := "minimum"
			if k == "exclusiveMaximum" {
				bound = "maximum"
			}
			if b, ok := v.(bool); ok {
				if b && s[bound] != nil {
					out[k] = s[bound]
					delete(out, bound)
				}
			} else {
				out[k] = v
			}
		case "items":
			if m, ok := v.(map[string]any); ok {
				out[k] = convertNode(m, o, false)
			}
		case "properties":
			props := map[string]any{}
			for name, p := range v.(map[string]any) {
				if pm, ok := p.(map[string]any); ok {
					props[name] = convertNode(pm, o, false)
				}
			}
			out[k] = props
		case "additionalProperties":
			switch a := v.(type) {
			case map[string]any:
				out[k] = convertNode(a, o, false)
			case bool:
				if !a {
					out[k] = false
				}
			}
		case "allOf", "anyOf", "oneOf":
			if intOrString {
				continue // only restates integer|string
			}
			list, _ := v.([]any)
			var conv []any
			for _, e := range list {
				if m, ok := e.(map[string]any); ok {
					// Junctor branches only add constraints (structural
					// schemas forbid types there); no strictness or null.
					conv = append(conv, withDefaults(convertNode(m, convertOptions{}, false), s))
				}
			}
			if len(conv) > 0 {
				out[k] = conv
			}
		case "not":
			if m, ok := v.(map[string]any); ok {
				out[k] = withDefaults(convertNode(m, convertOptions{}, false), s)
			}
		}
	}
	props, _ := out["properties"].(map[string]any)
	if embedded {
		// An embedded object is a whole resource: apiVersion, kind and
		// metadata are always allowed.
		if props == nil && !preserve && o.Strict {
			props = map[string]any{}
		}
		if props != nil {
			for _, name := range []string{"apiVersion", "kind"} {
				if props[name] == nil {
					props[name] = map[string]any{"type": "string"}
				}
			}
			if props["metadata"] == nil {
				props["metadata"] = map[string]any{"type": "object"}
			}
			out["properties"] = props
		}
	}
	if o.Strict && props != nil && !preserve && out["additionalProperties"] == nil {
		out["additionalProperties"] = false
	}
	return out
}

// refName returns the definition name of a "#/$defs/NAME" reference.
func refName(ref string) (string, bool) {
	return strings.CutPrefix(ref, "#/$defs/")
}

// collectRefs adds to seen every definition reachable from s.
func collectRefs(s any, defs func(string) map[string]any, seen map[string]bool) {
	switch x := s.(type) {
	case map[string]any:
		for k, v := range x {
			if k == "$ref" {
				if name, ok := refName(v.(string)); ok && !seen[name] {
					seen[name] = true
					if d := defs(name); d != nil {
						collectRefs(d, defs, seen)
					}
				}
				continue
			}
			if k == "properties" {
				if props, ok := v.(map[string]any); ok {
					for _, p := range props {
						collectRefs(p, defs, seen)
					}
				}
				continue
			}
			collectRefs(v, defs, seen)
		}
	case []any:
		for _, v := range x {
			collectRefs(v, defs, seen)
		}
	}
}

// The API server applies defaults before validating, so a required field
// with a default is never missing.
func requiredWithoutDefaults(v any, s map[string]any) any {
	list, ok := v.([]any)
	props, _ := s["properties"].(map[string]any)
	if !ok || props == nil {
		return v
	}
	var out []any
	for _, r := range list {
		name, _ := r.(string)
		if p, ok := props[name].(map[string]any); ok && p["default"] != nil {
			continue
		}
		out = append(out, r)
	}
	if out == nil {
		out = []any{}
	}
	return out
}

// withDefaults makes a junctor branch see defaulted values: a branch
// constraint on property P is vacuously true when P is absent, but the API
// server validates the default instead. When P's default fails the
// branch's constraint, absence must fail too, so P becomes required in the
// branch; when the default passes, absence already passes.
// (gateway-api: oneOf on the defaulted address type.)
func withDefaults(branch map[string]any, parent map[string]any) map[string]any {
	bprops, _ := branch["properties"].(map[string]any)
	pprops, _ := parent["properties"].(map[string]any)
	if bprops == nil || pprops == nil {
		return branch
	}
	var req []any
	if r, ok := branch["required"].([]any); ok {
		req = append(req, r...)
	}
	names := make([]string, 0, len(bprops))
	for name := range bprops {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		pp, _ := pprops[name].(map[string]any)
		def, has := pp["default"]
		if !has || def == nil {
			continue
		}
		bs, _ := bprops[name].(map[string]any)
		if !valueSatisfies(bs, def) {
			req = append(req, name)
		}
	}
	if len(req) > 0 {
		branch["required"] = req
	}
	return branch
}

// valueSatisfies validates a constant against a converted schema fragment.
func valueSatisfies(schema map[string]any, v any) bool {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	const url = "urn:yamlint:kube:default-check"
	if err := c.AddResource(url, schema); err != nil {
		return true
	}
	sch, err := c.Compile(url)
	if err != nil {
		return true
	}
	return sch.Validate(jsonValue(v)) == nil
}

// jsonValue normalizes a decoded default (YAML ints) for the validator.
func jsonValue(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case uint64:
		return int64(x)
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = jsonValue(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = jsonValue(e)
		}
		return l
	}
	return v
}

// StripNulls returns a copy of a decoded document without the mapping
// entries whose value is null: the API server treats them as unset. Lists
// are copied; null list items stay (they are errors for object lists).
func StripNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			if e != nil {
				m[k] = StripNulls(e)
			}
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = StripNulls(e)
		}
		return l
	}
	return v
}
