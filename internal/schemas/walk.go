package schemas

import (
	"encoding/json"
	"math"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Sub is one subschema found by walking a raw (uncompiled) schema document:
// its JSON object and the URL of the document it lives in, against which its
// "$ref"s resolve. Hover, completion and other editor features read these;
// validation uses the compiled schema.
type Sub struct {
	Base   string
	Schema map[string]any
}

// maxExpand bounds how many subschemas one step may collect, so that a
// schema with deep or cyclic combinators cannot stall an editor request.
const maxExpand = 512

// SchemasAt returns the subschemas that apply at path (object keys and
// decimal array indexes) inside the instance root, for the schema at
// schemaURL (fragment allowed). $ref (local and cross-document), allOf,
// anyOf, oneOf and if/then/else are followed; among anyOf/oneOf branches it
// keeps those that fit the instance value at that point (type, const/enum,
// required keys, const/enum discriminator properties such as Kubernetes
// "kind"), or all of them when none fits. The result is nil when the schema
// says nothing about the path.
func (s *Store) SchemasAt(schemaURL string, root any, path []string) []Sub {
	start, ok := s.resolve(stripFragment(schemaURL), "#"+fragmentOf(schemaURL))
	if !ok {
		return nil
	}
	val := root
	cur := s.Expand([]Sub{start}, val)
	for _, seg := range path {
		var next []Sub
		for _, sub := range cur {
			next = append(next, s.children(sub, seg, val)...)
		}
		val = childValue(val, seg)
		cur = s.Expand(next, val)
		if len(cur) == 0 {
			return nil
		}
	}
	return cur
}

func fragmentOf(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		return u[i+1:]
	}
	return ""
}

func childValue(v any, seg string) any {
	switch x := v.(type) {
	case map[string]any:
		return x[seg]
	case []any:
		if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(x) {
			return x[i]
		}
	}
	return nil
}

// Expand follows $ref and combinators of every sub, returning the flat set
// of subschemas that apply to an instance value val (nil = unknown value).
func (s *Store) Expand(subs []Sub, val any) []Sub {
	var out []Sub
	seen := map[uintptr]bool{}
	for _, sub := range subs {
		s.expand(sub, val, seen, &out, 0)
	}
	return out
}

func (s *Store) expand(sub Sub, val any, seen map[uintptr]bool, out *[]Sub, depth int) {
	if sub.Schema == nil || depth > 64 || len(*out) >= maxExpand {
		return
	}
	id := reflect.ValueOf(sub.Schema).Pointer()
	if seen[id] {
		return
	}
	seen[id] = true
	*out = append(*out, sub)
	for _, key := range []string{"$ref", "$dynamicRef"} {
		if ref, ok := sub.Schema[key].(string); ok {
			if t, ok := s.resolve(sub.Base, ref); ok {
				s.expand(t, val, seen, out, depth+1)
			}
		}
	}
	for _, b := range subList(sub, "allOf") {
		s.expand(b, val, seen, out, depth+1)
	}
	for _, key := range []string{"anyOf", "oneOf"} {
		branches := subList(sub, key)
		var fit []Sub
		for _, b := range branches {
			if s.Fits(b, val) {
				fit = append(fit, b)
			}
		}
		if len(fit) == 0 {
			fit = branches
		}
		for _, b := range fit {
			s.expand(b, val, seen, out, depth+1)
		}
	}
	if cond, ok := sub.Schema["if"].(map[string]any); ok {
		// An unknown value (nil) may take either branch.
		branches := []string{"then", "else"}
		if val != nil {
			branches = branches[1:]
			if s.Fits(Sub{sub.Base, cond}, val) {
				branches = []string{"then"}
			}
		}
		for _, b := range branches {
			if m, ok := sub.Schema[b].(map[string]any); ok {
				s.expand(Sub{sub.Base, m}, val, seen, out, depth+1)
			}
		}
	}
}

func subList(sub Sub, key string) []Sub {
	list, _ := sub.Schema[key].([]any)
	out := make([]Sub, 0, len(list))
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			out = append(out, Sub{sub.Base, m})
		}
	}
	return out
}

// children returns the subschemas sub gives to the member seg of val.
func (s *Store) children(sub Sub, seg string, val any) []Sub {
	var out []Sub
	add := func(v any) {
		if m, ok := v.(map[string]any); ok {
			out = append(out, Sub{sub.Base, m})
		}
	}
	if arr, isArr := val.([]any); isArr || (val == nil && isArrayIndex(seg) && sub.Schema["items"] != nil) {
		i, err := strconv.Atoi(seg)
		if err != nil {
			return nil
		}
		_ = arr
		prefix, _ := sub.Schema["prefixItems"].([]any)
		tuple, isTuple := sub.Schema["items"].([]any)
		switch {
		case i < len(prefix):
			add(prefix[i])
		case isTuple && i < len(tuple):
			add(tuple[i])
		case isTuple:
			add(sub.Schema["additionalItems"])
		default:
			add(sub.Schema["items"])
		}
		return out
	}
	matched := false
	if props, ok := sub.Schema["properties"].(map[string]any); ok {
		if p, ok := props[seg]; ok {
			add(p)
			matched = true
		}
	}
	if pats, ok := sub.Schema["patternProperties"].(map[string]any); ok {
		for pat, p := range pats {
			if re, err := regexpEngine(pat); err == nil && re.MatchString(seg) {
				add(p)
				matched = true
			}
		}
	}
	if !matched {
		add(sub.Schema["additionalProperties"])
	}
	return out
}

func isArrayIndex(seg string) bool {
	_, err := strconv.Atoi(seg)
	return err == nil
}

// resolve follows ref (relative URL with an optional JSON-pointer fragment)
// from the document at base.
func (s *Store) resolve(base, ref string) (Sub, bool) {
	docURL, frag := base, ""
	if i := strings.IndexByte(ref, '#'); i >= 0 {
		frag = ref[i+1:]
		ref = ref[:i]
	}
	if ref != "" {
		b, err := url.Parse(base)
		r, err2 := url.Parse(ref)
		if err != nil || err2 != nil {
			return Sub{}, false
		}
		docURL = b.ResolveReference(r).String()
	}
	doc, err := s.Raw(docURL)
	if err != nil {
		return Sub{}, false
	}
	node := doc
	if frag != "" && strings.HasPrefix(frag, "/") {
		for _, tok := range strings.Split(frag[1:], "/") {
			tok, _ = url.PathUnescape(tok)
			tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
			switch x := node.(type) {
			case map[string]any:
				node = x[tok]
			case []any:
				i, err := strconv.Atoi(tok)
				if err != nil || i < 0 || i >= len(x) {
					return Sub{}, false
				}
				node = x[i]
			default:
				return Sub{}, false
			}
		}
	} else if frag != "" {
		node = findAnchor(doc, frag)
	}
	m, ok := node.(map[string]any)
	return Sub{Base: docURL, Schema: m}, ok
}

// findAnchor finds a plain-name fragment ("$anchor": name, or a draft-7
// "$id": "#name") anywhere in doc.
func findAnchor(doc any, name string) any {
	switch x := doc.(type) {
	case map[string]any:
		if a, _ := x["$anchor"].(string); a == name {
			return x
		}
		if id, _ := x["$id"].(string); id == "#"+name {
			return x
		}
		for _, v := range x {
			if r := findAnchor(v, name); r != nil {
				return r
			}
		}
	case []any:
		for _, v := range x {
			if r := findAnchor(v, name); r != nil {
				return r
			}
		}
	}
	return nil
}

// Fits reports whether val plausibly matches sub, judging by the keywords
// that tell union branches apart (type, const, enum, required, and const or
// enum on properties). It is a cheap filter, not validation; nil (a value
// not written yet) fits everything.
func (s *Store) Fits(sub Sub, val any) bool {
	return s.fits(sub, val, 0)
}

func (s *Store) fits(sub Sub, val any, depth int) bool {
	if val == nil || sub.Schema == nil || depth > 16 {
		return true
	}
	sch := sub.Schema
	if b, ok := sch["not"]; ok && b == nil {
		return false
	}
	if ref, ok := sch["$ref"].(string); ok {
		if t, ok := s.resolve(sub.Base, ref); ok && !s.fits(t, val, depth+1) {
			return false
		}
	}
	for _, b := range subList(sub, "allOf") {
		if !s.fits(b, val, depth+1) {
			return false
		}
	}
	if !typeFits(sch["type"], val) {
		return false
	}
	if c, ok := sch["const"]; ok && !jsonEqual(c, val) {
		return false
	}
	if e, ok := sch["enum"].([]any); ok {
		found := false
		for _, x := range e {
			if jsonEqual(x, val) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if m, ok := val.(map[string]any); ok {
		req, _ := sch["required"].([]any)
		for _, r := range req {
			if k, ok := r.(string); ok {
				if _, has := m[k]; !has {
					return false
				}
			}
		}
		props, _ := sch["properties"].(map[string]any)
		for k, p := range props {
			pv, has := m[k]
			ps, _ := p.(map[string]any)
			if !has || ps == nil {
				continue
			}
			_, hasConst := ps["const"]
			_, hasEnum := ps["enum"]
			if (hasConst || hasEnum) && !s.fits(Sub{sub.Base, ps}, pv, depth+1) {
				return false
			}
		}
		if ap, ok := sch["additionalProperties"].(bool); ok && !ap && props != nil {
			for k := range m {
				if _, known := props[k]; !known && sch["patternProperties"] == nil {
					return false
				}
			}
		}
	}
	for _, key := range []string{"anyOf", "oneOf"} {
		branches := subList(sub, key)
		if len(branches) == 0 {
			continue
		}
		any := false
		for _, b := range branches {
			if s.fits(b, val, depth+1) {
				any = true
				break
			}
		}
		if !any {
			return false
		}
	}
	return true
}

func typeFits(t any, val any) bool {
	var types []string
	switch x := t.(type) {
	case string:
		types = []string{x}
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				types = append(types, s)
			}
		}
	default:
		return true
	}
	got := JSONType(val)
	for _, want := range types {
		if want == got || (want == "number" && got == "integer") {
			return true
		}
		if want == "integer" && got == "number" {
			if f, ok := val.(float64); ok && f == math.Trunc(f) {
				return true
			}
		}
	}
	return false
}

// JSONType names the JSON type of a JSON-like value.
func JSONType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case int, int64, int32, uint64, json.Number:
		return "integer"
	case float64, float32:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

func jsonEqual(a, b any) bool {
	na, aNum := toFloat(a)
	nb, bNum := toFloat(b)
	if aNum && bNum {
		return na == nb
	}
	return reflect.DeepEqual(a, b)
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

// Annotation is what a set of subschemas says about a value, for hover.
type Annotation struct {
	Title       string
	Description string
	Types       []string
	Enum        []any
	Default     any
	HasDefault  bool
	Deprecated  bool
}

// Annotate merges the annotations of subs: the first title and description
// found win (the referring schema's own text comes before its $ref target's).
func Annotate(subs []Sub) Annotation {
	var a Annotation
	types := map[string]bool{}
	for _, sub := range subs {
		sch := sub.Schema
		if a.Title == "" {
			a.Title, _ = sch["title"].(string)
		}
		if a.Description == "" {
			if md, ok := sch["markdownDescription"].(string); ok {
				a.Description = md
			} else {
				a.Description, _ = sch["description"].(string)
			}
		}
		switch t := sch["type"].(type) {
		case string:
			types[t] = true
		case []any:
			for _, e := range t {
				if s, ok := e.(string); ok {
					types[s] = true
				}
			}
		}
		if d, ok := sch["default"]; ok && !a.HasDefault {
			a.Default, a.HasDefault = d, true
		}
		if d, _ := sch["deprecated"].(bool); d {
			a.Deprecated = true
		}
	}
	for t := range types {
		a.Types = append(a.Types, t)
	}
	sort.Strings(a.Types)
	a.Enum = Values(subs)
	return a
}

// Values returns the const and enum values the subs allow, deduplicated,
// plus true and false when a boolean is allowed.
func Values(subs []Sub) []any {
	var out []any
	seen := map[string]bool{}
	add := func(v any) {
		k, _ := json.Marshal(v)
		if !seen[string(k)] {
			seen[string(k)] = true
			out = append(out, v)
		}
	}
	for _, sub := range subs {
		if c, ok := sub.Schema["const"]; ok {
			add(c)
		}
		if e, ok := sub.Schema["enum"].([]any); ok {
			for _, v := range e {
				add(v)
			}
		}
	}
	for _, sub := range subs {
		if typeFits(sub.Schema["type"], true) && sub.Schema["type"] != nil {
			add(true)
			add(false)
		}
	}
	return out
}

// Property is one property name a set of subschemas declares.
type Property struct {
	Name     string
	Required bool
	Subs     []Sub // the property's own subschemas, expanded for a nil value
}

// Properties lists the properties declared by subs (required ones first,
// then by name). patternProperties and additionalProperties name no keys and
// are not listed.
func (s *Store) Properties(subs []Sub) []Property {
	byName := map[string]*Property{}
	var names []string
	for _, sub := range subs {
		props, _ := sub.Schema["properties"].(map[string]any)
		for name, p := range props {
			pm, ok := p.(map[string]any)
			if !ok {
				continue
			}
			pr := byName[name]
			if pr == nil {
				pr = &Property{Name: name}
				byName[name] = pr
				names = append(names, name)
			}
			pr.Subs = append(pr.Subs, Sub{sub.Base, pm})
		}
	}
	for _, sub := range subs {
		req, _ := sub.Schema["required"].([]any)
		for _, r := range req {
			if name, ok := r.(string); ok && byName[name] != nil {
				byName[name].Required = true
			}
		}
	}
	out := make([]Property, 0, len(names))
	for _, n := range names {
		p := byName[n]
		p.Subs = s.Expand(p.Subs, nil)
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Required != out[j].Required {
			return out[i].Required
		}
		return out[i].Name < out[j].Name
	})
	return out
}
