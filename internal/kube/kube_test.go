package kube

import (
	"errors"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestAllKindsCompile converts every definition of every bundled release
// (strict and relaxed) and compiles every kind's root through one compiler
// per release, so a conversion that yields an invalid schema for any kind
// fails here rather than at a user's file.
func TestAllKindsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles every kind of every release")
	}
	for _, v := range Versions() {
		b, err := loadBundle(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, strict := range []bool{true, false} {
			defs := map[string]any{}
			for name := range b.Definitions {
				defs[name] = convert(b.def(name), convertOptions{Strict: strict})
			}
			url := "https://yamlint.dev/kubernetes/test/" + v + ".json"
			c := jsonschema.NewCompiler()
			if err := c.AddResource(url, map[string]any{"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs}); err != nil {
				t.Fatal(err)
			}
			n := 0
			for gv, kinds := range b.Kinds {
				for kind, name := range kinds {
					if _, err := c.Compile(url + "#/$defs/" + name); err != nil {
						t.Errorf("%s %s/%s (%s): %v", v, gv, kind, name, err)
					}
					n++
				}
			}
			if n < 100 {
				t.Errorf("%s: only %d kinds", v, n)
			}
		}
	}
}

func TestResolveVersion(t *testing.T) {
	newest := DefaultVersion()
	for in, want := range map[string]string{"": newest, "latest": newest, "1.30": "v1.30.14", "v1.30.0": "v1.30.14", "1.27.3": "v1.27.16"} {
		got, err := ResolveVersion(in)
		if err != nil || got != want {
			t.Errorf("ResolveVersion(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"1.29", "2.0", "banana"} {
		if _, err := ResolveVersion(bad); err == nil {
			t.Errorf("ResolveVersion(%q) succeeded", bad)
		}
	}
}

func TestLookupUnknownKind(t *testing.T) {
	r, err := New(Options{Version: "1.30", Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Lookup("example.com/v1", "Widget"); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("Lookup of an unknown kind: %v, want ErrUnknownKind", err)
	}
	s, err := r.Lookup("apps/v1", "Deployment")
	if err != nil {
		t.Fatal(err)
	}
	// Same release, strictness and kind: one schema per process.
	r2, _ := New(Options{Version: "v1.30.2", Strict: false})
	s2, _ := r2.Lookup("apps/v1", "Deployment")
	if s2 == s {
		t.Error("strict and relaxed registries share a schema")
	}
	r3, _ := New(Options{Version: "1.30", Strict: true})
	if s3, _ := r3.Lookup("apps/v1", "Deployment"); s3 != s {
		t.Error("the Deployment schema was built twice for the same release and strictness")
	}
}

// TestSemantics checks the conversion rules on real objects.
func TestSemantics(t *testing.T) {
	strict, _ := New(Options{Version: "1.27", Strict: true})
	relaxed, _ := New(Options{Version: "1.27", Strict: false})
	dep := func(extra map[string]any) map[string]any {
		spec := map[string]any{
			"selector": map[string]any{"matchLabels": map[string]any{"app": "a"}},
			"template": map[string]any{"spec": map[string]any{"containers": []any{map[string]any{"name": "a", "image": "x"}}}},
		}
		for k, v := range extra {
			spec[k] = v
		}
		return map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": map[string]any{"name": "a", "creationTimestamp": nil}, "spec": spec}
	}
	cases := []struct {
		name    string
		reg     *Registry
		doc     map[string]any
		wantErr string
	}{
		{"int-or-string int (1.27 spec)", strict, dep(map[string]any{"strategy": map[string]any{"rollingUpdate": map[string]any{"maxUnavailable": int64(1)}}}), ""},
		{"int-or-string string", strict, dep(map[string]any{"strategy": map[string]any{"rollingUpdate": map[string]any{"maxSurge": "25%"}}}), ""},
		{"int-or-string bool", strict, dep(map[string]any{"strategy": map[string]any{"rollingUpdate": map[string]any{"maxSurge": true}}}), "maxSurge"},
		{"null is unset", strict, dep(map[string]any{"paused": nil}), ""},
		{"unknown field strict", strict, dep(map[string]any{"replica": int64(1)}), "replica"},
		{"unknown field relaxed", relaxed, dep(map[string]any{"replica": int64(1)}), ""},
		{"enum", strict, dep(map[string]any{"strategy": map[string]any{"type": "Sometimes"}}), "type"},
		{"apiVersion pinned", strict, func() map[string]any { d := dep(nil); d["kind"] = "StatefulSet"; return d }(), "kind"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := c.reg.Lookup("apps/v1", "Deployment")
			if err != nil {
				t.Fatal(err)
			}
			err = s.Validate(StripNulls(c.doc))
			switch {
			case c.wantErr == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case c.wantErr != "" && err == nil:
				t.Errorf("no error, want one at %q", c.wantErr)
			case c.wantErr != "" && !strings.Contains(err.Error(), c.wantErr):
				t.Errorf("error %v does not mention %q", err, c.wantErr)
			}
		})
	}
	q, _ := strict.Lookup("v1", "LimitRange")
	lr := map[string]any{"apiVersion": "v1", "kind": "LimitRange", "metadata": map[string]any{"name": "l"},
		"spec": map[string]any{"limits": []any{map[string]any{"type": "Container", "max": map[string]any{"cpu": int64(2), "memory": "1Gi"}, "min": map[string]any{"cpu": 0.5}}}}}
	if err := q.Validate(lr); err != nil {
		t.Errorf("quantities as numbers and strings: %v", err)
	}
}

func TestLocationPath(t *testing.T) {
	l, err := NewLocation("/schemas")
	if err != nil {
		t.Fatal(err)
	}
	for g, want := range map[GVK]string{
		{"apps/v1", "Deployment"}:           "/schemas/v1.30.0-standalone-strict/deployment-apps-v1.json",
		{"v1", "Service"}:                   "/schemas/v1.30.0-standalone-strict/service-v1.json",
		{"networking.k8s.io/v1", "Ingress"}: "/schemas/v1.30.0-standalone-strict/ingress-networking-v1.json",
	} {
		if got, _ := l.Path(g, "v1.30.0", true); got != want {
			t.Errorf("Path(%v) = %q, want %q", g, got, want)
		}
	}
	tpl, _ := NewLocation("crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json")
	if got, _ := tpl.Path(GVK{"monitoring.coreos.com/v1", "ServiceMonitor"}, "master", false); got != "crds/monitoring.coreos.com/servicemonitor_v1.json" {
		t.Errorf("template path %q", got)
	}
	if _, err := NewLocation("https://example.com/schemas"); err == nil {
		t.Error("remote location accepted")
	}
}

func TestDeprecation(t *testing.T) {
	r, _ := New(Options{Version: "1.37"})
	for _, c := range []struct{ av, kind, want string }{
		{"extensions/v1beta1", "Ingress", "removed in Kubernetes 1.22; use networking.k8s.io/v1"},
		{"extensions/v1beta1", "Deployment", "removed in Kubernetes 1.16; use apps/v1"},
		{"policy/v1beta1", "PodSecurityPolicy", "removed in Kubernetes 1.25"},
		{"flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "removed in Kubernetes 1.32; use flowcontrol.apiserver.k8s.io/v1"},
		{"policy/v1", "PodSecurityPolicy", "removed in Kubernetes 1.25"},
	} {
		d := r.Deprecation(c.av, c.kind)
		if d == nil {
			t.Errorf("%s %s: no deprecation", c.av, c.kind)
			continue
		}
		if got := d.Message(r.Version()); !strings.Contains(got, c.want) {
			t.Errorf("%s %s: %q, want it to contain %q", c.av, c.kind, got, c.want)
		}
	}
	for _, g := range [][2]string{{"apps/v1", "Deployment"}, {"example.com/v1", "Widget"}} {
		if d := r.Deprecation(g[0], g[1]); d != nil {
			t.Errorf("%v: unexpected %q", g, d.Message(r.Version()))
		}
	}
}
