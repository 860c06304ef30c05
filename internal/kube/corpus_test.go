package kube

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// decodeAll decodes every YAML document of a file into JSON-like values
// (map[string]any, []any, string, int64, float64, bool, nil).
func decodeAll(data []byte) ([]any, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return docs, err
		}
		docs = append(docs, jsonLike(v))
	}
}

func jsonLike(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = jsonLike(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = jsonLike(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = jsonLike(e)
		}
		return x
	case uint64:
		return int64(x)
	case int:
		return int64(x)
	case uint:
		return int64(x)
	case float32:
		return float64(x)
	}
	return v
}

func yamlFiles(t testing.TB, root string) []string {
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

// gvkOf returns a document's apiVersion and kind when both are strings.
func gvkOf(doc any) (GVK, bool) {
	m, ok := doc.(map[string]any)
	if !ok {
		return GVK{}, false
	}
	av, _ := m["apiVersion"].(string)
	k, _ := m["kind"].(string)
	return GVK{av, k}, av != "" && k != ""
}

// registerCRDs adds every CRD found under dirs.
func registerCRDs(t testing.TB, r *Registry, dirs ...string) int {
	n := 0
	for _, dir := range dirs {
		for _, f := range yamlFiles(t, dir) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs, _ := decodeAll(data)
			for _, d := range docs {
				if IsCRD(d) {
					if _, err := r.AddCRD(d.(map[string]any), f); err != nil {
						t.Errorf("%s: %v", f, err)
					}
					n++
				}
			}
		}
	}
	return n
}

// tally is the outcome of validating a set of files.
type tally struct {
	docs, valid, removed, missing, invalid int
	errs                                   []string
}

func (tl *tally) String() string {
	return fmt.Sprintf("%d docs: %d valid, %d removed/deprecated API, %d without schema, %d invalid",
		tl.docs, tl.valid, tl.removed, tl.missing, tl.invalid)
}

func validateDocs(t testing.TB, r *Registry, file string, docs []any, tl *tally) {
	for i, d := range docs {
		g, ok := gvkOf(d)
		if !ok {
			continue
		}
		tl.docs++
		if dep := r.Deprecation(g.APIVersion, g.Kind); dep != nil {
			tl.removed++
			if dep.Removed || dep.NotYet {
				continue
			}
		}
		check := []any{d}
		if IsList(g.APIVersion, g.Kind) {
			if items, ok := d.(map[string]any)["items"].([]any); ok {
				check = append(check, items...)
			}
		}
		for _, c := range check {
			cg, _ := gvkOf(c)
			s, err := r.Lookup(cg.APIVersion, cg.Kind)
			if errors.Is(err, ErrUnknownKind) {
				tl.missing++
				tl.errs = append(tl.errs, fmt.Sprintf("%s#%d: no schema for %s", file, i, cg))
				continue
			}
			if err != nil {
				t.Fatalf("%s#%d %s: %v", file, i, cg, err)
			}
			if err := s.Validate(StripNulls(c)); err != nil {
				var ve *jsonschema.ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("%s#%d %s: %v", file, i, cg, err)
				}
				tl.invalid++
				tl.errs = append(tl.errs, fmt.Sprintf("%s#%d %s: %v", file, i, cg, err))
				continue
			}
			tl.valid++
		}
	}
}
