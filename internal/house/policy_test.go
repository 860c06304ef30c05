package house

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// checkAll runs a set on a file the way the engine does (formats from the
// content), returning "line: code: message" strings.
func checkAll(t *testing.T, s *Set, path string, src []byte) []string {
	t.Helper()
	f := yamlfile.Parse(path, src, yamlfile.Options{})
	if len(f.Syntax) > 0 {
		t.Fatalf("%s: %s", path, f.Syntax[0].Message)
	}
	docs := make([]Doc, len(f.Docs))
	for i, d := range f.Docs {
		docs[i] = Doc{Doc: d, Format: inferFormat(d.Root)}
	}
	var ds []diag.Diagnostic
	s.Check(path, f, docs, func(d diag.Diagnostic) { ds = append(ds, d) })
	diag.Sort(ds)
	var out []string
	for _, d := range ds {
		p := f.Lines.Position(d.Range.Start)
		out = append(out, strings.Join([]string{strconv.Itoa(p.Line), d.Severity.String(), d.Code, d.Message}, ": "))
	}
	return out
}

// The Kubernetes documentation's example policies (written for
// testdata/vap): params from an object among the inputs, a binding's
// namespace selector through the Namespace object, variables, match
// conditions, excluded resources, Warn bindings.
func TestAdmissionPolicies(t *testing.T) {
	ps, err := LoadPolicies([]string{"testdata/vap/policies.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ps.PolicyNames(), ","); got != "demo-policy.example.com,image-matches-namespace-environment.policy.example.com,replicalimit-policy.example.com,require-owner-label.example.com" {
		t.Fatalf("policies: %s", got)
	}
	s := &Set{Policies: ps}
	src, err := os.ReadFile("testdata/vap/inputs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s.AddInput("testdata/vap/inputs.yaml", src)
	got := checkAll(t, s, "testdata/vap/inputs.yaml", src)
	want := []string{
		"18: error: admission-policy: ValidatingAdmissionPolicy demo-policy.example.com denies this object: failed expression: object.spec.replicas <= 5",
		"18: error: admission-policy: ValidatingAdmissionPolicy image-matches-namespace-environment.policy.example.com denies this object: only test images are allowed in namespace default",
		"18: error: admission-policy: ValidatingAdmissionPolicy replicalimit-policy.example.com denies this object: object.spec.replicas must be no greater than 3",
		"57: warning: admission-policy: ValidatingAdmissionPolicy require-owner-label.example.com denies this object: every object names its owner in the label 'owner'",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Without the Namespace object, the binding with a namespace selector
	// does not apply and the namespace variable cannot be evaluated.
	s2 := &Set{Policies: ps}
	only := []byte(strings.SplitN(string(src), "---\n", 2)[1])
	s2.AddInput("x.yaml", only)
	got = checkAll(t, s2, "x.yaml", only)
	for _, g := range got {
		if strings.Contains(g, "demo-policy") {
			t.Errorf("demo-policy applied without its namespace: %s", g)
		}
	}
	// Without the parameter object, the param policy is not evaluated.
	s3 := &Set{Policies: ps}
	got = checkAll(t, s3, "y.yaml", only)
	for _, g := range got {
		if strings.Contains(g, "replicalimit") {
			t.Errorf("param policy applied without params: %s", g)
		}
	}
}

func TestResourceOf(t *testing.T) {
	for kind, want := range map[string]string{"Deployment": "deployments", "Ingress": "ingresses", "NetworkPolicy": "networkpolicies",
		"Endpoints": "endpoints", "ReplicaLimit": "replicalimits", "Gateway": "gateways", "Policy": "policies", "Proxy": "proxies", "Box": "boxes"} {
		if got := ResourceOf(kind); got != want {
			t.Errorf("ResourceOf(%s) = %s, want %s", kind, got, want)
		}
	}
}

func TestPolicyCompileError(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "p.yaml")
	os.WriteFile(p, []byte("apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec:\n  validations:\n    - expression: \"object.spec.replicas <=\"\n"), 0o644)
	_, err := LoadPolicies([]string{p}, nil)
	if err == nil || !strings.Contains(err.Error(), "p.yaml:6:19") {
		t.Fatalf("want a positioned compile error, got %v", err)
	}
	_, err = LoadPolicies([]string{filepath.Join(dir, "missing.yaml")}, []string{".yamlint.yaml:3:5"})
	if err == nil || !strings.Contains(err.Error(), ".yamlint.yaml:3:5") {
		t.Fatalf("want the config position of a missing file, got %v", err)
	}
}
