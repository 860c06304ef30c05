package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
)

func widgetCRD(fieldType string) string {
	return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: ` + fieldType + `}
`
}

// RegisterInputs checks CRD files in parallel but registers them in input
// order: with two clashing definitions of one kind among many inputs, a
// custom resource is judged as registering the files one by one judges it.
func TestRegisterInputsInOrder(t *testing.T) {
	var paths []string
	var srcs [][]byte
	for i := range 20 {
		src := fmt.Sprintf("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-%d}\n", i)
		switch i {
		case 7:
			src = widgetCRD("integer")
		case 13:
			src = widgetCRD("string")
		}
		paths = append(paths, fmt.Sprintf("in-%02d.yaml", i))
		srcs = append(srcs, []byte(src))
	}
	cr := []byte("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: big}\n")
	verdict := func(register func(l *Linter)) string {
		l, err := New(config.Default("."), Options{})
		if err != nil {
			t.Fatal(err)
		}
		register(l)
		var out []string
		for _, d := range l.Lint("cr.yaml", cr).Diagnostics {
			out = append(out, d.Code+": "+d.Message)
		}
		return strings.Join(out, "\n")
	}
	parallel := verdict(func(l *Linter) {
		l.RegisterInputs(len(paths), func(i int) (string, []byte) { return paths[i], srcs[i] })
	})
	serial := verdict(func(l *Linter) {
		for i := range paths {
			_, _ = l.Kubernetes().AddCRDsFromFile(paths[i], srcs[i])
		}
	})
	if parallel != serial {
		t.Errorf("RegisterInputs:\n%s\none by one:\n%s", parallel, serial)
	}
	if strings.Contains(serial, "k8s-missing-schema") {
		t.Errorf("the custom resource was not judged by either definition:\n%s", serial)
	}
}
