package kube

import (
	"fmt"
	"sort"
	"testing"
)

// draftNeutral lists the keywords that mean the same in draft-07 and
// 2020-12 (with items as a single schema). Built-in kinds are compiled as
// draft-07 only because their documents use nothing else: see bundleDraft.
var draftNeutral = map[string]bool{
	"$schema": true, "$id": true, "$ref": true, "description": true, "title": true,
	"type": true, "enum": true, "const": true, "format": true, "pattern": true,
	"properties": true, "additionalProperties": true, "items": true, "required": true,
	"minimum": true, "maximum": true, "exclusiveMinimum": true, "exclusiveMaximum": true,
	"minLength": true, "maxLength": true, "minItems": true, "maxItems": true,
	"minProperties": true, "maxProperties": true, "multipleOf": true, "uniqueItems": true,
	"allOf": true, "anyOf": true, "oneOf": true, "not": true,
}

// TestBundleDocumentsDraftNeutral checks every converted definition of
// every bundled release, strict or not, whole or partial, and the kinds'
// root documents: each keyword is one draft-07 and 2020-12 agree on, and a
// $ref has no sibling that would constrain (draft-07 ignores them).
func TestBundleDocumentsDraftNeutral(t *testing.T) {
	versions := Versions()
	if len(versions) == 0 {
		t.Fatal("no bundled releases")
	}
	checked := 0
	for _, v := range versions {
		b, err := loadBundle(v)
		if err != nil {
			t.Fatal(err)
		}
		names := make([]string, 0, len(b.Definitions))
		for n := range b.Definitions {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, strict := range []bool{false, true} {
			for _, partial := range []bool{false, true} {
				for _, n := range names {
					at := fmt.Sprintf("%s strict=%v partial=%v %s", v, strict, partial, n)
					checkDraftNeutral(t, at, defDoc(b, strict, partial, n))
					checked++
				}
			}
			for av, kinds := range b.Kinds {
				for kind, name := range kinds {
					g := GVK{av, kind}
					checkDraftNeutral(t, fmt.Sprintf("%s root %s", v, g), rootDoc(b, strict, name, g))
				}
			}
			checkDraftNeutral(t, v+" List", listDoc(b, strict))
		}
	}
	t.Logf("%d definition documents of %d releases use only draft-neutral keywords", checked, len(versions))
}

func checkDraftNeutral(t *testing.T, at string, s map[string]any) {
	t.Helper()
	if s["$schema"] != nil && s["$schema"] != bundleDraft {
		t.Errorf("%s: $schema %v, want %s", at, s["$schema"], bundleDraft)
	}
	for k, v := range s {
		if !draftNeutral[k] {
			t.Errorf("%s: keyword %q differs between draft-07 and 2020-12 (or is unknown)", at, k)
			continue
		}
		switch k {
		case "$ref":
			for sib := range s {
				if sib != "$ref" && sib != "description" && sib != "title" && sib != "$schema" && sib != "$id" {
					t.Errorf("%s: $ref beside %q (draft-07 ignores it)", at, sib)
				}
			}
		case "properties":
			for name, p := range v.(map[string]any) {
				checkDraftNeutral(t, at+"/"+name, p.(map[string]any))
			}
		case "additionalProperties", "not", "items":
			if m, ok := v.(map[string]any); ok {
				checkDraftNeutral(t, at+"/"+k, m)
			} else if _, isBool := v.(bool); !isBool || k == "items" {
				t.Errorf("%s: %s is %T, want a schema", at, k, v)
			}
		case "allOf", "anyOf", "oneOf":
			for i, e := range v.([]any) {
				checkDraftNeutral(t, fmt.Sprintf("%s/%s/%d", at, k, i), e.(map[string]any))
			}
		case "exclusiveMinimum", "exclusiveMaximum":
			if _, isBool := v.(bool); isBool {
				t.Errorf("%s: boolean %s (draft-04 form)", at, k)
			}
		}
	}
}
