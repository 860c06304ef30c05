package schemas

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Bounds on --ref / refs: inputs: schema files are small and few.
const (
	maxRefFiles    = 5000
	maxRefFileSize = remoteMaxBytes
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
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(q string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.EqualFold(filepath.Ext(q), ".json") {
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
	for _, f := range files {
		data, err := readBounded(f, maxRefFileSize)
		if err != nil {
			return nil, fmt.Errorf("ref %s: %w", f, err)
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
