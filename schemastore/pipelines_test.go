package schemastore_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/yamlint/yamlint/schemastore"
)

// The pipeline-schema tests validate the shared corpus in place with
// jsonschema/v6 on goccy-decoded documents, the way the engine will.

type bundledLoader struct{}

func (bundledLoader) Load(url string) (any, error) {
	if !schemastore.IsBundled(url) {
		return nil, fmt.Errorf("refusing to load non-bundled schema %s", url)
	}
	data, err := schemastore.Schema(url)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(data))
}

var (
	compileMu    sync.Mutex
	compileCache = map[string]*jsonschema.Schema{}
)

// compileBundled compiles the bundled schema schemas/name.
func compileBundled(t testing.TB, name string) *jsonschema.Schema {
	t.Helper()
	compileMu.Lock()
	defer compileMu.Unlock()
	if s, ok := compileCache[name]; ok {
		return s
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(bundledLoader{})
	c.DefaultDraft(jsonschema.Draft7)
	s, err := c.Compile(schemastore.BaseURL + name)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	compileCache[name] = s
	return s
}

// decodeAll decodes every YAML document of src into JSON-like values.
// Empty documents (comments only) are dropped, as the engine does not
// validate them.
func decodeAll(src []byte) ([]any, error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if json.Valid(src) {
		var v any
		d := json.NewDecoder(bytes.NewReader(src))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		return []any{v}, nil
	}
	// Duplicate keys are a syntax finding of the engine, not a schema one.
	dec := yaml.NewDecoder(bytes.NewReader(src), yaml.AllowDuplicateMapKey())
	var docs []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return docs, err
		}
		if v != nil {
			docs = append(docs, v)
		}
	}
	return docs, nil
}

// validationFailure validates every document of a file, returning a
// one-line-per-error description ("" when valid).
func validationFailure(s *jsonschema.Schema, src []byte) string {
	docs, err := decodeAll(src)
	if err != nil {
		return "decode: " + err.Error()
	}
	var out []string
	for i, d := range docs {
		if err := s.Validate(d); err != nil {
			var ve *jsonschema.ValidationError
			if errors.As(err, &ve) {
				for _, line := range leafErrors(ve) {
					out = append(out, fmt.Sprintf("doc %d: %s", i, line))
				}
			} else {
				out = append(out, fmt.Sprintf("doc %d: %v", i, err))
			}
		}
	}
	return strings.Join(out, "\n")
}

var printer = message.NewPrinter(language.English)

// leafErrors flattens a validation error tree to its leaves, each with its
// instance location.
func leafErrors(ve *jsonschema.ValidationError) []string {
	if len(ve.Causes) == 0 {
		return []string{"/" + strings.Join(ve.InstanceLocation, "/") + ": " + ve.ErrorKind.LocalizedString(printer)}
	}
	var out []string
	for _, c := range ve.Causes {
		out = append(out, leafErrors(c)...)
	}
	return out
}

// corpusFiles lists the YAML files under dir (relative paths, sorted).
func corpusFiles(t testing.TB, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		ext := strings.ToLower(filepath.Ext(p))
		if ext == ".yml" || ext == ".yaml" {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}
