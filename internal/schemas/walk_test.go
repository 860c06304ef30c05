package schemas

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeSchemas(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	main := `{
  "type": "object",
  "required": ["kind"],
  "properties": {
    "kind": {"enum": ["Pod", "Service"]},
    "spec": {"$ref": "#/definitions/spec"},
    "ports": {"type": "array", "items": {"$ref": "other.json#/definitions/port"}},
    "pair": {"type": "array", "items": [{"title": "first"}, {"title": "second"}]}
  },
  "patternProperties": {"^x-": {"title": "extension"}},
  "oneOf": [
    {"properties": {"kind": {"const": "Pod"}, "spec": {"properties": {"containers": {"title": "pod containers"}}}}},
    {"properties": {"kind": {"const": "Service"}, "spec": {"properties": {"selector": {"title": "service selector"}}}}}
  ],
  "definitions": {
    "spec": {"title": "Spec", "description": "the spec", "type": "object",
             "allOf": [{"properties": {"debug": {"type": "boolean", "title": "Debug"}}}],
             "additionalProperties": {"title": "free-form"}}
  }
}`
	other := `{"definitions": {"port": {"type": "object", "required": ["port"],
  "properties": {"port": {"type": "integer", "title": "Port number"}, "protocol": {"enum": ["TCP", "UDP"]}}}}}`
	for name, src := range map[string]string{"main.json": main, "other.json": other} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return ResolveRef(filepath.Join(dir, "main.json"), ".")
}

func titles(subs []Sub) []string {
	var out []string
	for _, s := range subs {
		if t, ok := s.Schema["title"].(string); ok {
			out = append(out, t)
		}
	}
	return out
}

func TestSchemasAt(t *testing.T) {
	url := writeSchemas(t)
	s := NewStore()
	pod := map[string]any{"kind": "Pod", "spec": map[string]any{}, "ports": []any{map[string]any{"port": int64(1)}}}
	svc := map[string]any{"kind": "Service", "spec": map[string]any{}}
	cases := []struct {
		name string
		root any
		path []string
		want string
	}{
		{"local ref", pod, []string{"spec"}, "Spec"},
		{"allOf under ref", pod, []string{"spec", "debug"}, "Debug"},
		{"additionalProperties", pod, []string{"spec", "anything"}, "free-form"},
		{"cross-file ref in items", pod, []string{"ports", "0", "port"}, "Port number"},
		{"tuple items", map[string]any{"pair": []any{1, 2}}, []string{"pair", "1"}, "second"},
		{"patternProperties", pod, []string{"x-foo"}, "extension"},
		{"oneOf branch by kind (Pod)", pod, []string{"spec", "containers"}, "pod containers"},
		{"oneOf branch by kind (Service)", svc, []string{"spec", "selector"}, "service selector"},
	}
	for _, c := range cases {
		got := titles(s.SchemasAt(url, c.root, c.path))
		found := false
		for _, g := range got {
			if g == c.want {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: titles %q, want %q among them", c.name, got, c.want)
		}
	}
	// The Service branch must not leak into a Pod.
	for _, g := range titles(s.SchemasAt(url, pod, []string{"spec", "selector"})) {
		if g == "service selector" {
			t.Errorf("Pod got the Service branch's selector")
		}
	}
	if subs := s.SchemasAt(url, pod, []string{"spec", "debug", "deeper"}); len(subs) != 0 {
		t.Errorf("path below a boolean: got %d subschemas, want none", len(subs))
	}
}

func TestPropertiesAndValues(t *testing.T) {
	url := writeSchemas(t)
	s := NewStore()
	pod := map[string]any{"kind": "Pod", "ports": []any{map[string]any{}}}
	props := s.Properties(s.SchemasAt(url, pod, []string{"ports", "0"}))
	if len(props) != 2 || props[0].Name != "port" || !props[0].Required || props[1].Name != "protocol" {
		t.Fatalf("properties = %+v, want required port first, then protocol", props)
	}
	vals := Values(s.SchemasAt(url, pod, []string{"ports", "0", "protocol"}))
	if len(vals) != 2 || vals[0] != "TCP" || vals[1] != "UDP" {
		t.Errorf("values = %v, want [TCP UDP]", vals)
	}
	vals = Values(s.SchemasAt(url, pod, []string{"spec", "debug"}))
	if len(vals) != 2 || vals[0] != true || vals[1] != false {
		t.Errorf("boolean values = %v, want [true false]", vals)
	}
	a := Annotate(s.SchemasAt(url, pod, []string{"spec"}))
	if a.Title != "Spec" || a.Description != "the spec" || len(a.Types) != 1 || a.Types[0] != "object" {
		t.Errorf("annotation = %+v", a)
	}
}

func TestSchemasAtIfThenElse(t *testing.T) {
	dir := t.TempDir()
	src := `{"properties": {"v": {"if": {"type": "string"}, "then": {"title": "a string", "enum": ["x", "y"]}, "else": {"title": "not a string"}}}}`
	if err := os.WriteFile(filepath.Join(dir, "s.json"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	url := ResolveRef(filepath.Join(dir, "s.json"), ".")
	s := NewStore()
	for _, c := range []struct {
		val  any
		want string
	}{{"x", "a string"}, {int64(1), "not a string"}, {nil, "a string,not a string"}} {
		got := titles(s.SchemasAt(url, map[string]any{"v": c.val}, []string{"v"}))
		if strings.Join(got, ",") != c.want {
			t.Errorf("value %v: titles %q, want %s", c.val, got, c.want)
		}
	}
}
