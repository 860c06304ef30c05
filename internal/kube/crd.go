package kube

import (
	"fmt"
	"sort"
)

const objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"

// MaxCRDSchemaObjects bounds the subschemas (JSON objects) of one CRD
// version's schema. Compiling a schema costs time quadratic in their number
// in jsonschema/v6 (each new subschema is looked up in a list of the ones
// queued so far): 20,000 take seconds, 100,000 minutes. The largest CRDs in
// the corpus have about 4,000.
const MaxCRDSchemaObjects = 20_000

// CRDTooLargeError is a CRD version whose schema has more than
// MaxCRDSchemaObjects subschemas; the CRD is not registered.
type CRDTooLargeError struct{ Name, Version string }

func (e *CRDTooLargeError) Error() string {
	return fmt.Sprintf("CustomResourceDefinition %s: the schema of version %s has more than %d subschemas; it is not used", e.Name, e.Version, MaxCRDSchemaObjects)
}

// schemaObjects counts the JSON objects in v, iteratively, stopping past
// limit.
func schemaObjects(v any, limit int) int {
	n := 0
	stack := []any{v}
	for len(stack) > 0 && n <= limit {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch t := top.(type) {
		case map[string]any:
			n++
			for _, c := range t {
				stack = append(stack, c)
			}
		case []any:
			stack = append(stack, t...)
		}
	}
	return n
}

// IsCRD reports whether a decoded document is a CustomResourceDefinition.
func IsCRD(doc any) bool {
	m, ok := doc.(map[string]any)
	if !ok {
		return false
	}
	av, _ := m["apiVersion"].(string)
	k, _ := m["kind"].(string)
	return k == "CustomResourceDefinition" && (av == "apiextensions.k8s.io/v1" || av == "apiextensions.k8s.io/v1beta1")
}

// AddCRD registers the schemas of a CustomResourceDefinition (decoded into
// map[string]any): one per served version, from
// spec.versions[].schema.openAPIV3Schema (v1), or the v1beta1
// spec.validation.openAPIV3Schema. A version without a schema accepts any
// object. The object's metadata is checked as ObjectMeta, as the API server
// does. Registering a kind again replaces it. It returns the kinds added.
func (r *Registry) AddCRD(crd map[string]any, source string) ([]GVK, error) {
	return r.addCRD(crd, source, nil)
}

// addCRD is AddCRD for a CRD that may be broken: its kinds then resolve to
// schemas that say so (Schema.broken) instead of validating anything.
func (r *Registry) addCRD(crd map[string]any, source string, problem *crdProblem) ([]GVK, error) {
	spec, _ := crd["spec"].(map[string]any)
	if spec == nil {
		return nil, fmt.Errorf("CustomResourceDefinition without spec")
	}
	group, _ := spec["group"].(string)
	names, _ := spec["names"].(map[string]any)
	kind, _ := names["kind"].(string)
	if group == "" || kind == "" {
		return nil, fmt.Errorf("CustomResourceDefinition without spec.group or spec.names.kind")
	}
	name := ""
	if md, ok := crd["metadata"].(map[string]any); ok {
		name, _ = md["name"].(string)
	}
	if name == "" {
		name = kind + "." + group
	}
	var topSchema map[string]any
	if v, ok := spec["validation"].(map[string]any); ok {
		topSchema, _ = v["openAPIV3Schema"].(map[string]any)
	}
	type ver struct {
		name   string
		schema map[string]any
	}
	var vers []ver
	var notServed []string
	deprecated := map[string]string{}
	if list, ok := spec["versions"].([]any); ok {
		for _, e := range list {
			vm, _ := e.(map[string]any)
			vn, _ := vm["name"].(string)
			if vn == "" {
				continue
			}
			if served, ok := vm["served"].(bool); ok && !served {
				notServed = append(notServed, vn)
				continue
			}
			if d, _ := vm["deprecated"].(bool); d {
				w, _ := vm["deprecationWarning"].(string)
				if w == "" {
					w = group + "/" + vn + " " + kind + " is deprecated"
				}
				deprecated[vn] = w
			}
			s := topSchema
			if sm, ok := vm["schema"].(map[string]any); ok {
				if o, ok := sm["openAPIV3Schema"].(map[string]any); ok {
					s = o
				}
			}
			vers = append(vers, ver{vn, s})
		}
	} else if v, ok := spec["version"].(string); ok {
		vers = append(vers, ver{v, topSchema})
	}
	if len(vers) == 0 {
		return nil, fmt.Errorf("CustomResourceDefinition %s serves no version", name)
	}
	for _, v := range vers {
		if schemaObjects(v.schema, MaxCRDSchemaObjects) > MaxCRDSchemaObjects {
			return nil, &CRDTooLargeError{Name: name, Version: v.name}
		}
	}
	b, err := loadBundle(r.version)
	if err != nil {
		return nil, err
	}
	var servedNames []string
	for _, v := range vers {
		servedNames = append(servedNames, group+"/"+v.name)
	}
	r.mu.Lock()
	for _, vn := range notServed {
		g := GVK{group + "/" + vn, kind}
		r.crdNotes[g] = &Deprecation{GVK: g, Removed: true, Replacement: servedNames[len(servedNames)-1],
			Note: "not served by CustomResourceDefinition " + name}
		delete(r.crds, g)
	}
	for vn, w := range deprecated {
		g := GVK{group + "/" + vn, kind}
		r.crdNotes[g] = &Deprecation{GVK: g, Deprecated: true, Note: w}
	}
	r.mu.Unlock()
	var added []GVK
	for _, v := range vers {
		g := GVK{group + "/" + v.name, kind}
		url := schemaBase + "crd" + strictPath(r.strict) + "/" + g.APIVersion + "/" + kind + ".json"
		vs, strict := v.schema, r.strict
		s := &Schema{GVK: g, URL: url, Source: "CRD " + name + sourceSuffix(source), broken: problem,
			bundle: b, strict: strict, defs: []string{objectMeta}, celSource: vs,
			build: func() map[string]any { return crdDoc(b, strict, vs, g) }}
		r.mu.Lock()
		r.crds[g] = s
		r.crdFrom[g] = source
		r.gen.Add(1)
		if _, dep := deprecated[v.name]; !dep {
			delete(r.crdNotes, g)
		}
		r.mu.Unlock()
		added = append(added, g)
	}
	return added, nil
}

func sourceSuffix(source string) string {
	if source == "" {
		return ""
	}
	return " (" + source + ")"
}

// crdDoc converts one version's openAPIV3Schema into a document that pins
// apiVersion/kind and validates metadata as ObjectMeta.
func crdDoc(b *bundle, strict bool, schema map[string]any, g GVK) map[string]any {
	var root map[string]any
	if schema == nil {
		root = map[string]any{"type": "object"}
	} else {
		root = convert(schema, convertOptions{Strict: strict})
	}
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	if t, ok := root["type"].([]any); ok && len(t) == 2 && t[1] == "null" {
		root["type"] = t[0] // a document is never null
	}
	props, _ := root["properties"].(map[string]any)
	if props == nil {
		props = map[string]any{}
	}
	for k, v := range pinProps(g) {
		props[k] = v
	}
	// The API server validates metadata as ObjectMeta whatever the CRD says
	// (CRDs may only restrict name and generateName).
	md, _ := props["metadata"].(map[string]any)
	metaRef := map[string]any{"$ref": defURL(b.Version, strict, false, objectMeta)}
	if len(md) > 0 && md["properties"] != nil {
		props["metadata"] = map[string]any{"allOf": []any{metaRef, withoutStrict(md)}}
	} else {
		props["metadata"] = metaRef
	}
	root["properties"] = props
	return root
}

// withoutStrict drops additionalProperties:false from a converted
// metadata schema that lists only some ObjectMeta fields.
func withoutStrict(s map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range s {
		if k == "additionalProperties" && v == false {
			continue
		}
		out[k] = v
	}
	return out
}

// CRDKinds lists the kinds registered from CRDs, sorted.
func (r *Registry) CRDKinds() []GVK {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]GVK, 0, len(r.crds))
	for g := range r.crds {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}
