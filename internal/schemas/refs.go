package schemas

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/yamlint/yamlint/internal/safefs"
)

// Bounds on --ref / refs: inputs: schema files are small and few.
const (
	maxRefFiles    = 5000
	maxRefFileSize = DefaultMaxSchemaSize
	maxRefBytes    = 256 << 20 // all files together
	maxRefEntries  = 100000    // directory entries visited
)

// AddRefs registers local schema files (a file, or every *.json in a
// directory tree) under their $id (or draft-4 id), as ajv's -r does, so a
// schema that $refs a published schema by URL resolves to the local copy,
// offline. It returns the URLs registered.
func (s *Store) AddRefs(paths ...string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("ref %s: %w", p, err)
		}
		if !st.IsDir() {
			if !st.Mode().IsRegular() {
				return nil, fmt.Errorf("ref %s: not a regular file", p)
			}
			files = append(files, p)
			continue
		}
		visited := 0
		err = filepath.WalkDir(p, func(q string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if visited++; visited > maxRefEntries {
				return fmt.Errorf("more than %d entries to look through", maxRefEntries)
			}
			if d.Type().IsRegular() && strings.EqualFold(filepath.Ext(q), ".json") {
				if len(files) >= maxRefFiles {
					return fmt.Errorf("more than %d schema files", maxRefFiles)
				}
				files = append(files, q)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("ref %s: %w", p, err)
		}
	}
	sort.Strings(files)
	var ids []string
	total := 0
	for _, f := range files {
		data, err := safefs.ReadFile(f, maxRefFileSize)
		if err != nil {
			return nil, fmt.Errorf("ref %s: %w", f, err)
		}
		if total += len(data); total > maxRefBytes {
			return nil, fmt.Errorf("ref %s: more than %d bytes of schemas in all", f, maxRefBytes)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("ref %s: invalid JSON: %v", f, jsonErrText(err))
		}
		m, _ := doc.(map[string]any)
		id, _ := m["$id"].(string)
		if id == "" {
			id, _ = m["id"].(string)
		}
		id = stripFragment(id)
		if !strings.Contains(id, "://") {
			continue // nothing names it by URL; a relative $ref finds the file itself
		}
		abs, _ := filepath.Abs(f)
		s.mirror(id, abs)
		ids = append(ids, id)
	}
	return ids, nil
}

// mirror serves url (and its SchemaStore twin host) from a local file.
func (s *Store) mirror(url, file string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Mirror == nil {
		s.Mirror = map[string]string{}
	}
	s.Mirror[url] = file
	if c := canonicalURL(url); c != url {
		s.Mirror[c] = file
	} else if rest, ok := strings.CutPrefix(url, "https://json.schemastore.org/"); ok {
		s.Mirror["https://www.schemastore.org/"+rest] = file
	}
}
