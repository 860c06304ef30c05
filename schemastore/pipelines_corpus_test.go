package schemastore_test

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/rules"
	"github.com/yamlint/yamlint/internal/schemas"
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
	"compose/nginx-proxy__nginx-proxy/docker-compose-separate-containers.yml":        "services.dockergen.environment is null: the spec (and compose-go, hence docker compose) wants a mapping or a list: \"services.dockergen.environment must be a mapping\"",
	"github/actions__checkout/.github/workflows/check-dist.yml":                      "steps.diff names no step (no step has id: diff); the steps context \"contains information about the steps in the current job that have an id specified and have already run\", so the upload condition is always false",
	"compose/compose-spec__compose-go/loader/testdata/compose-depends-on-cycle.yaml": "compose-go's own test of a depends_on cycle (service1 -> service2 -> service3 -> service1); compose-go refuses it: \"dependency cycle detected\"",
	"compose/compose-spec__compose-go/loader/testdata/compose-depends-on-self.yaml":  "compose-go's own test of a service depending on itself, refused as a dependency cycle",
	"compose/zulip__docker-zulip/compose.yaml":                                       "services use secrets (zulip__postgres_password...) that no top-level secrets section declares; the spec: \"If the secret does not exist on the platform or isn't defined in the secrets section of the Compose file, an error is returned\" (the project expects users to add them in an override file)",
	"github/external-secrets__external-secrets/.github/workflows/rebuild-image.yml":  "passes with: username to ./.github/workflows/publish.yml, whose on.workflow_call.inputs do not declare it; the reference: inputs passed with jobs.<id>.with must be defined in the called workflow (GitHub: \"Invalid input, username is not defined in the referenced workflow\")",
	"github/etcd-io__etcd/.github/workflows/antithesis-test.yml":                     "workflow_dispatch input type int: the type must be one of boolean, choice, number, environment or string",
}

// counted reports whether a diagnostic is one this suite answers for: schema
// validation and the pipeline cross-reference rules (syntax and style
// findings belong to other suites).
func counted(d diag.Diagnostic) bool {
	if d.Code == schemas.Code || d.Code == "schema-load" {
		return true
	}
	r := rules.Lookup(d.Code)
	return r != nil && pipelineCategories[r.Category]
}

var pipelineCategories = map[string]bool{"github": true, "gitlab": true, "compose": true, "azure": true}

var (
	lintersMu sync.Mutex
	linters   = map[string]*engine.Linter{}
)

// linter returns an engine with the built-in catalog (schema "") or one
// forcing a bundled schema, as --schema does.
func linter(t testing.TB, schema string) *engine.Linter {
	t.Helper()
	lintersMu.Lock()
	defer lintersMu.Unlock()
	if l, ok := linters[schema]; ok {
		return l
	}
	opts := engine.Options{}
	if schema != "" {
		opts.Schema = schemastore.BaseURL + schema
	}
	l, err := engine.New(nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	linters[schema] = l
	return l
}

// lintFailure runs the engine on a file and describes the counted
// diagnostics ("" when there are none).
func lintFailure(t testing.TB, l *engine.Linter, path string, src []byte) string {
	return lintFailureOf(t, l, path, src, counted)
}

// schemaOnly keeps schema findings: SchemaStore's suites test a schema,
// and some of their valid cases break cross-reference rules on purpose
// (needs.job1 of an absent job, a duplicate step id).
func schemaOnly(d diag.Diagnostic) bool { return d.Code == schemas.Code || d.Code == "schema-load" }

func lintFailureOf(t testing.TB, l *engine.Linter, path string, src []byte, keep func(diag.Diagnostic) bool) string {
	res := l.Lint(path, src)
	var lines []string
	for _, d := range res.Diagnostics {
		if !keep(d) {
			continue
		}
		pos := ""
		if res.File != nil && res.File.Lines != nil {
			p := res.File.Lines.Position(d.Range.Start)
			pos = fmt.Sprintf("%d:%d: ", p.Line, p.Column)
		}
		lines = append(lines, pos+d.Message+" ["+d.Code+"]")
	}
	return strings.Join(lines, "\n")
}

func runCorpus(t *testing.T, c corpusCase) {
	root := filepath.Join(corpus.Dir(t), "workflows", c.dir)
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus dir %s absent", root)
	}
	checked, failed, skipped, listed := 0, 0, 0, 0
	for _, rel := range corpusFiles(t, root) {
		name := c.schema(t, rel)
		if name == "" {
			skipped++
			continue
		}
		if _, err := schemastore.Schema(name); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		path := filepath.Join(root, rel)
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		// Files the catalog recognises go through it; the others (included
		// fragments in unconventional folders) get the schema forced, and so
		// do files with a modeline naming a remote schema (e.g. kyverno's
		// json.schemastore.org modelines), which is not fetched offline.
		l := linter(t, name)
		if catalogSchema(t, rel) == name && !bytes.Contains(src, []byte("yaml-language-server")) {
			l = linter(t, "")
		}
		msg := lintFailure(t, l, path, src)
		key := c.dir + "/" + rel
		if why, ok := knownInvalid[key]; ok {
			if msg == "" {
				t.Errorf("%s is listed as invalid (%s) but passes", key, why)
			}
			listed++
			continue
		}
		if msg != "" {
			failed++
			t.Errorf("%s (%s):\n%s", key, name, msg)
		}
	}
	t.Logf("%s: %d files checked, %d with unexpected errors, %d known invalid (rejected as expected), %d not pipeline files", c.dir, checked, failed, listed, skipped)
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

func TestCorpusSchemaStoreSuites(t *testing.T) {
	root := filepath.Join(corpus.Dir(t), "schemastore")
	for _, s := range schemaStoreSuites {
		t.Run(s.suite, func(t *testing.T) {
			if _, err := schemastore.Schema(s.schema); err != nil {
				t.Fatalf("%v", err)
			}
			l := linter(t, s.schema)
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
					msg := lintFailureOf(t, l, filepath.Join(dir, e.Name()), src, schemaOnly)
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

func TestCorpusCompose(t *testing.T) {
	// Overlays such as jitsi's *.yml and ory's quickstart*.yml are compose
	// files without a compose name: every file of the category is checked.
	runCorpus(t, corpusCase{dir: "compose", schema: func(testing.TB, string) string { return "compose.json" }})
}

// TestCatalogAssociations: the engine's association (built-in catalog)
// picks our schema for the conventional file names of each format, and a
// modeline naming the SchemaStore URL of a format is checked offline with
// the bundled equivalent.
func TestCatalogAssociations(t *testing.T) {
	cases := map[string]string{
		"repo/.github/workflows/ci.yml":           "github-workflow.json",
		"repo/.github/workflows/release.yaml":     "github-workflow.json",
		"repo/action.yml":                         "github-action.json",
		"repo/sub/action.yaml":                    "github-action.json",
		"repo/.github/dependabot.yml":             "dependabot-2.0.json",
		"repo/.gitlab-ci.yml":                     "gitlab-ci.json",
		"repo/.gitlab/ci/build.gitlab-ci.yml":     "gitlab-ci.json",
		"repo/.gitlab/ci/jobs/test.yml":           "gitlab-ci.json",
		"repo/azure-pipelines.yml":                "azure-pipelines.json",
		"repo/azure-pipelines-pr.yaml":            "azure-pipelines.json",
		"repo/.azure-pipelines/templates/job.yml": "azure-pipelines.json",
		"repo/compose.yaml":                       "compose.json",
		"repo/docker-compose.override.yml":        "compose.json",
		"repo/compose.prod.yml":                   "compose.json",
		"repo/.pre-commit-config.yaml":            "pre-commit-config.json",
		"repo/.pre-commit-hooks.yaml":             "pre-commit-hooks.json",
	}
	l := linter(t, "")
	for path, want := range cases {
		res := l.Lint(path, []byte("x: 1\n"))
		if got := strings.TrimPrefix(res.Schema.URL, schemastore.BaseURL); got != want {
			t.Errorf("%s: associated with %q, want %q", path, res.Schema.URL, want)
		}
	}
	src := []byte("# yaml-language-server: $schema=https://json.schemastore.org/github-workflow.json\non: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n")
	msg := lintFailureOf(t, l, "wf.yml", src, func(d diag.Diagnostic) bool { return d.Code == schemas.Code || d.Code == "schema-load" })
	if !strings.Contains(msg, `unknown property "stepz"`) || strings.Contains(msg, "schema-load") {
		t.Errorf("SchemaStore modeline not checked with the bundled equivalent:\n%s", msg)
	}
}
