package kube

import (
	"os"
	"reflect"
	"testing"

	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// copiedAPIValue is apiValue as it was before it shared unchanged values
// with the tree: every mapping and sequence copied.
func copiedAPIValue(n *yamlfile.Node, coerced map[diag.Range]string) any {
	switch n.Kind {
	case yamlfile.Mapping:
		m := make(map[string]any, len(n.Children))
		for _, c := range n.Children {
			if c.Value == nil {
				continue
			}
			m[c.Key] = copiedAPIValue(c, coerced)
		}
		return m
	case yamlfile.Sequence:
		l := make([]any, len(n.Children))
		for i, c := range n.Children {
			l[i] = copiedAPIValue(c, coerced)
		}
		return l
	case yamlfile.Scalar:
		if s, ok := n.Value.(string); ok && n.Style == yamlfile.Plain && n.Tag == "" {
			if b, ok := yaml11Bools[s]; ok {
				coerced[n.Range] = s
				return b
			}
		}
	}
	return n.Value
}

// apiValue gives what copying every node gave: on tricky documents (nulls,
// YAML 1.1 booleans, merge keys, aliases, duplicate keys) and on the
// corpus's real manifests.
func TestAPIValueSharesOnlyEqualValues(t *testing.T) {
	srcs := map[string][]byte{
		"nulls":      []byte("a: 1\nb: null\nc: {d: ~, e: [1, null]}\n"),
		"bools":      []byte("a: yes\nb: [on, 'on', off]\nc: {d: n}\n"),
		"merge":      []byte("base: &b {x: 1, y: 2}\nobj:\n  <<: *b\n  z: 3\n"),
		"alias":      []byte("a: &l [1, {b: 2}]\nc: *l\nd: &m {e: yes}\nf: *m\n"),
		"duplicates": []byte("a: 1\na: 2\nb: {c: 1, c: 3}\n"),
		"plain":      []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: {a: b}}\ndata: {k: v}\n"),
	}
	if dir := corpus.Find(); dir != "" {
		for _, p := range corpus.YAMLFiles(t, "k8s/manifests") {
			if src, err := os.ReadFile(p); err == nil {
				srcs[p] = src
			}
		}
	}
	checked := 0
	for name, src := range srcs {
		f := yamlfile.Parse(name, src, yamlfile.Options{})
		for _, d := range f.Docs {
			if d.Root == nil {
				continue
			}
			c1, c2 := map[diag.Range]string{}, map[diag.Range]string{}
			got, want := apiValue(d.Root, c1), copiedAPIValue(d.Root, c2)
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(c1, c2) {
				t.Errorf("%s doc %d: apiValue\n%#v\nwant\n%#v", name, d.Index, got, want)
			}
			checked++
		}
	}
	t.Logf("%d documents compared", checked)
}
