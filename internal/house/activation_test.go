package house

import (
	"testing"

	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"

	"github.com/yamlint/yamlint/internal/celenv"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// TestValueCacheConvertsOnce: a mapping or sequence read by several rules
// (or reached through an alias) is one CEL value; different ones are not
// confused, even sequences sharing a backing array.
func TestValueCacheConvertsOnce(t *testing.T) {
	f := yamlfile.Parse("a.yaml", []byte("a: &x {k: [1, 2]}\nb: *x\nc: {k: [1, 2]}\n"), yamlfile.Options{})
	root := f.Docs[0].Root.Value.(map[string]any)
	c := &valueCache{}
	a, b, cc := c.NativeToValue(root["a"]), c.NativeToValue(root["b"]), c.NativeToValue(root["c"])
	if a != b {
		t.Error("an alias's value converted twice")
	}
	if a == cc || a.Equal(cc) != types.True {
		t.Error("equal mappings at different places must be distinct but equal values")
	}
	obj := c.NativeToValue(root).(ref.Val)
	viaParent, _ := obj.(interface{ Find(ref.Val) (ref.Val, bool) }).Find(types.String("a"))
	if viaParent != a {
		t.Error("a member read through its parent is converted again")
	}
	list := []any{int64(1), int64(2), int64(3)}
	if c.NativeToValue(list[:2]) == c.NativeToValue(list) || c.NativeToValue(list[:2]).Equal(types.NewDynamicList(types.DefaultTypeAdapter, []any{int64(1), int64(2)})) != types.True {
		t.Error("sequences sharing an array but of different lengths confused")
	}
}

// TestActivationResolvesEveryVariable: each variable the rule environment
// declares resolves, to what an expression reading it sees.
func TestActivationResolvesEveryVariable(t *testing.T) {
	f := yamlfile.Parse("dir/pod.yaml", []byte("kind: Pod\nspec:\n  containers:\n    - {name: web, image: nginx}\n"), yamlfile.Options{})
	root := f.Docs[0].Root
	spec := root.Child("spec")
	ctr := spec.Child("containers").Children[0]
	in := &instance{node: ctr, podSpec: spec, containerType: "containers", workload: "Pod"}
	a := &activation{conv: &valueCache{}, path: "dir/pod.yaml", root: root, in: in}
	for _, tc := range []struct{ expr, want string }{
		{"self.name", "web"},
		{"object.kind", "Pod"},
		{"file", "dir/pod.yaml"},
		{"podSpec.containers[0].image", "nginx"},
		{"containerType", "containers"},
		{"workload", "Pod"},
		{"job == null ? 'none' : 'job'", "none"},
	} {
		p, err := celenv.Compile(ruleEnv, tc.expr)
		if err != nil {
			t.Fatalf("%s: %v", tc.expr, err)
		}
		got, err := p.Eval(a)
		if err != nil || got != tc.want {
			t.Errorf("%s = %v (%v), want %q", tc.expr, got, err, tc.want)
		}
	}
	if _, ok := a.ResolveName("undeclared"); ok {
		t.Error("an undeclared name resolved")
	}
}
