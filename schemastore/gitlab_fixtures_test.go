package schemastore_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// TestGitLabFixtures measures the GitLab CI schema against GitLab's own
// schema fixtures (gitlab-org/gitlab spec/frontend/editor/schema/ci/yaml_tests),
// which are not in the shared corpus: point YAMLINT_GITLAB_FIXTURES at a
// checkout's yaml_tests folder (positive_tests/, negative_tests/). Per file,
// as GitLab's own test does (a negative file must fail), and per top-level
// entry of a negative file alone (each entry is one rejected case), so a
// file with one caught case among ten does not count as caught.
func TestGitLabFixtures(t *testing.T) {
	dir := os.Getenv("YAMLINT_GITLAB_FIXTURES")
	if dir == "" {
		t.Skip("YAMLINT_GITLAB_FIXTURES not set (GitLab's yaml_tests folder)")
	}
	s := compileBundled(t, "gitlab-ci.json")
	files := func(sub string) []string {
		var out []string
		_ = filepath.WalkDir(filepath.Join(dir, sub), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
				out = append(out, p)
			}
			return nil
		})
		sort.Strings(out)
		return out
	}
	posOK, pos := 0, files("positive_tests")
	for _, p := range pos {
		src, _ := os.ReadFile(p)
		if msg := validationFailure(s, src); msg != "" {
			t.Errorf("positive %s rejected:\n%s", p, msg)
		} else {
			posOK++
		}
	}
	negOK, neg := 0, files("negative_tests")
	entries, entriesOK := 0, 0
	for _, p := range neg {
		src, _ := os.ReadFile(p)
		if validationFailure(s, src) != "" {
			negOK++
		} else {
			t.Errorf("negative %s accepted", p)
		}
		var m yaml.MapSlice
		if yaml.Unmarshal(src, &m) != nil {
			continue
		}
		for _, it := range m {
			one, err := yaml.Marshal(yaml.MapSlice{it})
			if err != nil {
				continue
			}
			entries++
			if validationFailure(s, one) != "" {
				entriesOK++
			} else {
				t.Logf("negative entry accepted: %s: %v", filepath.Base(p), it.Key)
			}
		}
	}
	t.Logf("GitLab fixtures: positives %d/%d accepted, negatives %d/%d files rejected, %d/%d entries rejected alone",
		posOK, len(pos), negOK, len(neg), entriesOK, entries)
}
