package schemas

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/yamlfile"
)

func validate(t *testing.T, s *Store, url, yaml string) []string {
	t.Helper()
	sch, err := s.Compile(url)
	if err != nil {
		t.Fatalf("compile %s: %v", url, err)
	}
	f := yamlfile.Parse("t.yaml", []byte(yaml), yamlfile.Options{})
	var msgs []string
	for _, d := range f.Docs {
		for _, dg := range s.Validate(sch, f, d) {
			p := f.Lines.Position(dg.Range.Start)
			msgs = append(msgs, strings.Join([]string{itoa(p.Line), itoa(p.Column), dg.Message}, ":"))
		}
	}
	return msgs
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

func writeSchema(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return "file://" + filepath.ToSlash(p)
}

// Each draft is picked by $schema; the same instance fails the same way.
func TestDrafts(t *testing.T) {
	dir := t.TempDir()
	drafts := map[string]string{
		"draft4":  `"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"n": {"type": "integer", "minimum": 0, "exclusiveMinimum": true}}`,
		"draft6":  `"$schema": "http://json-schema.org/draft-06/schema#", "properties": {"n": {"type": "integer", "exclusiveMinimum": 0}}`,
		"draft7":  `"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"n": {"type": "integer", "exclusiveMinimum": 0}}`,
		"nodecl":  `"properties": {"n": {"type": "integer", "exclusiveMinimum": 0}}`,
		"2019-09": `"$schema": "https://json-schema.org/draft/2019-09/schema", "properties": {"n": {"$ref": "#/$defs/pos"}}, "$defs": {"pos": {"type": "integer", "exclusiveMinimum": 0}}`,
		"2020-12": `"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {"n": {"$ref": "#/$defs/pos"}}, "$defs": {"pos": {"type": "integer", "exclusiveMinimum": 0}}`,
	}
	s := NewStore()
	for name, body := range drafts {
		url := writeSchema(t, dir, name+".json", "{"+body+"}")
		got := validate(t, s, url, "n: 0\n")
		if len(got) != 1 || !strings.HasPrefix(got[0], "1:4:must be greater than 0") {
			t.Errorf("%s: %v", name, got)
		}
		if got := validate(t, s, url, "n: 1\n"); len(got) != 0 {
			t.Errorf("%s valid: %v", name, got)
		}
	}
}

func TestRemoteNeedsOptInAndIsCached(t *testing.T) {
	const url = "https://schemas.example.test/s.json"
	s := NewStore()
	if _, err := s.Compile(url); !errors.Is(err, ErrRemoteDisabled) {
		t.Fatalf("without opt-in: %v", err)
	}
	calls := 0
	fetch := func(_ context.Context, u string) ([]byte, error) {
		calls++
		return []byte(`{"type": "object", "required": ["a"]}`), nil
	}
	cache := t.TempDir()
	s = NewStore()
	s.AllowRemote, s.CacheDir, s.Fetch = true, cache, fetch
	if got := validate(t, s, url, "b: 1\n"); len(got) != 1 || !strings.Contains(got[0], `missing required property "a"`) {
		t.Fatalf("remote schema not applied: %v", got)
	}
	// A new process (store) reads the on-disk cache instead of fetching.
	s2 := NewStore()
	s2.AllowRemote, s2.CacheDir, s2.Fetch = true, cache, fetch
	validate(t, s2, url, "b: 1\n")
	if calls != 1 {
		t.Errorf("fetched %d times, want 1 (cache)", calls)
	}
	s3 := NewStore()
	s3.AllowRemote = true
	if _, err := s3.Compile("http://insecure.example.test/s.json"); err == nil || !strings.Contains(err.Error(), "https") {
		t.Errorf("http allowed: %v", err)
	}
}

func TestOneOfPicksBestBranch(t *testing.T) {
	dir := t.TempDir()
	url := writeSchema(t, dir, "s.json", `{"properties": {"step": {"oneOf": [
		{"type": "object", "required": ["uses"], "properties": {"uses": {"type": "string"}, "with": {"type": "object"}}, "additionalProperties": false},
		{"type": "object", "required": ["run"], "properties": {"run": {"type": "string"}, "shell": {"enum": ["bash", "sh", "pwsh"]}}, "additionalProperties": false}
	]}, "mode": {"oneOf": [{"const": "fast"}, {"const": "slow"}]}}}`)
	s := NewStore()
	got := validate(t, s, url, "step:\n  run: make\n  shell: bsh\nmode: medium\n")
	want := []string{`3:10:"bsh" is not allowed; did you mean "bash"?`, `4:7:"medium" is not allowed; expected one of "fast", "slow"`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMatchAny(t *testing.T) {
	cases := []struct {
		patterns []string
		path     string
		want     bool
	}{
		{[]string{".github/workflows/*.yml"}, "/r/.github/workflows/ci.yml", true},
		{[]string{".github/workflows/*.yml"}, "/r/other/workflows/ci.yml", false},
		{[]string{"docker-compose.yml"}, "/r/sub/docker-compose.yml", true},
		{[]string{"**/action.yml"}, "/r/a/b/action.yml", true},
		{[]string{"*.yaml", "!secret.yaml"}, "/r/secret.yaml", false},
	}
	for _, c := range cases {
		if got := MatchAny(c.patterns, c.path); got != c.want {
			t.Errorf("MatchAny(%v, %s) = %v", c.patterns, c.path, got)
		}
	}
}
