package schemastore_test

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/yamlint/yamlint/schemastore"
)

// catalogSchema returns the bundled schema name (below schemas/) that the
// built-in catalog associates with rel, or "".
func catalogSchema(t testing.TB, rel string) string {
	t.Helper()
	cat, err := schemastore.BuiltinCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range cat.Schemas {
		for _, p := range e.FileMatch {
			var ok bool
			if strings.Contains(p, "/") {
				ok, _ = doublestar.Match(p, rel)
			} else {
				ok, _ = path.Match(p, path.Base(rel))
			}
			if ok {
				return strings.TrimPrefix(e.URL, schemastore.BaseURL)
			}
		}
	}
	return ""
}

// corpusCase describes one category of workflows/ in the shared corpus.
type corpusCase struct {
	dir string
	// schema picks the schema of a file (path relative to dir, starting
	// with owner__repo/); "" skips the file.
	schema func(t testing.TB, rel string) string
}

// knownInvalid lists corpus files that are wrong by the format's own
// reference; each must still fail (see docs/pipeline-schemas.md).
var knownInvalid = map[string]string{
	"github/etcd-io__etcd/.github/workflows/antithesis-test.yml": "workflow_dispatch input type int: the type must be one of boolean, choice, number, environment or string",
}

func runCorpus(t *testing.T, c corpusCase) {
	root := filepath.Join(corpusRoot(t), "workflows", c.dir)
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus dir %s absent", root)
	}
	checked, failed, skipped := 0, 0, 0
	missing := map[string]bool{}
	for _, rel := range corpusFiles(t, root) {
		name := c.schema(t, rel)
		if name == "" {
			skipped++
			continue
		}
		src, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := schemastore.Schema(name); err != nil {
			if !missing[name] {
				t.Errorf("%s: %v", rel, err)
			}
			missing[name] = true
			continue
		}
		checked++
		msg := validationFailure(compileBundled(t, name), src)
		key := c.dir + "/" + rel
		if why, ok := knownInvalid[key]; ok {
			if msg == "" {
				t.Errorf("%s is listed as invalid (%s) but validates", key, why)
			}
			continue
		}
		if msg != "" {
			failed++
			t.Errorf("%s (%s):\n%s", key, name, msg)
		}
	}
	t.Logf("%s: %d files checked, %d with errors, %d not associated", c.dir, checked, failed, skipped)
}

func TestCorpusGitHub(t *testing.T) {
	runCorpus(t, corpusCase{dir: "github", schema: catalogSchema})
}

// schemaStoreSuites pairs our schemas with SchemaStore's test directories
// for the same format (read in place, never copied).
var schemaStoreSuites = []struct{ suite, schema string }{
	{"github-workflow", "github-workflow.json"},
	{"github-action", "github-action.json"},
	{"dependabot-2.0", "dependabot-2.0.json"},
	{"pre-commit-config", "pre-commit-config.json"},
	{"pre-commit-hooks", "pre-commit-hooks.json"},
}

func TestSchemaStoreSuites(t *testing.T) {
	root := filepath.Join(corpusRoot(t), "schemastore")
	for _, s := range schemaStoreSuites {
		t.Run(s.suite, func(t *testing.T) {
			if _, err := schemastore.Schema(s.schema); err != nil {
				t.Fatalf("%v", err)
			}
			sch := compileBundled(t, s.schema)
			for _, kind := range []string{"tests", "negative_tests"} {
				dir := filepath.Join(root, kind, s.suite)
				entries, err := os.ReadDir(dir)
				if err != nil {
					continue
				}
				pass, total := 0, 0
				for _, e := range entries {
					ext := filepath.Ext(e.Name())
					if ext != ".json" && ext != ".yaml" && ext != ".yml" {
						continue
					}
					src, err := os.ReadFile(filepath.Join(dir, e.Name()))
					if err != nil {
						t.Fatal(err)
					}
					total++
					msg := validationFailure(sch, src)
					switch {
					case kind == "tests" && msg != "":
						t.Errorf("positive %s/%s rejected:\n%s", s.suite, e.Name(), msg)
					case kind == "negative_tests" && msg == "":
						t.Errorf("negative %s/%s accepted", s.suite, e.Name())
					default:
						pass++
					}
				}
				t.Logf("%s %s: %d/%d as expected", s.suite, kind, pass, total)
			}
		})
	}
}

// notGitLabCI lists YAML files of the gitlab-ci corpus that are not CI
// configuration.
var notGitLabCI = map[string]string{
	"GNOME__pygobject/.gitlab-ci/org.gnome.PyGObject.Devel.yaml": "a Flatpak manifest used by a job",
}

func TestCorpusGitLab(t *testing.T) {
	runCorpus(t, corpusCase{dir: "gitlab-ci", schema: func(t testing.TB, rel string) string {
		if s := catalogSchema(t, rel); s != "" {
			return s
		}
		if _, ok := notGitLabCI[rel]; ok {
			return ""
		}
		// Files included from .gitlab-ci.yml outside the conventional
		// .gitlab/ci/ folder (e.g. Kitware's .gitlab/*.yml, librsvg's ci/).
		return "gitlab-ci.json"
	}})
}

func TestCorpusAzure(t *testing.T) {
	// Template folders (eng/pipelines, build/pipelines, .vsts-ci/...) have
	// no conventional name, so every file of the category is checked.
	runCorpus(t, corpusCase{dir: "azure", schema: func(testing.TB, string) string { return "azure-pipelines.json" }})
}
