package kube_test

import (
	"fmt"
	"github.com/yamlint/yamlint/internal/corpus"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

func yamlUnder(t testing.TB, roots ...string) []string {
	var out []string
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if ext := strings.ToLower(filepath.Ext(p)); !d.IsDir() && (ext == ".yaml" || ext == ".yml") {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(out)
	return out
}

func newLinter(t testing.TB, o engine.KubeOptions) *engine.Linter {
	t.Helper()
	l, err := engine.New(config.Default("."), engine.Options{Kubernetes: o})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

type finding struct {
	file string
	line int
	code string
	sev  diag.Severity
	msg  string
}

func lintFiles(t testing.TB, l *engine.Linter, base string, files []string) []finding {
	var out []finding
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res := l.Lint(f, src)
		rel, _ := filepath.Rel(base, f)
		for _, d := range res.Diagnostics {
			if !ownCode(d.Code) {
				continue // style rules and the like are other packages' business
			}
			line := 0
			if res.File != nil {
				line = res.File.Lines.Position(d.Range.Start).Line
			} else if d.Range.Start <= len(res.Src) {
				line = 1 + strings.Count(string(res.Src[:d.Range.Start]), "\n") // a Helm template
			}
			out = append(out, finding{filepath.ToSlash(rel), line, d.Code, d.Severity, d.Message})
		}
	}
	return out
}

// TestEngineCorpus lints k8s/manifests, k8s/crs and k8s/crds through the
// engine for Kubernetes 1.30 (what the corpus was filtered with), strict,
// CRDs registered from the inputs: no schema error and no missing schema;
// removed APIs are reported only as k8s-deprecated-api; the genuine error
// the corpus filter missed (protocol: tcp) is found. `verifyServer: on`
// (nginx Policy) passes: kubectl reads it as a YAML 1.1 boolean.
func TestEngineCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("whole corpus")
	}
	base := corpus.Sub(t, "k8s")
	files := yamlUnder(t, filepath.Join(base, "manifests"), filepath.Join(base, "crs"), filepath.Join(base, "crds"))
	l := newLinter(t, engine.KubeOptions{Version: "1.30"})
	l.RegisterCRDs(files)
	all := lintFiles(t, l, base, files)
	expected := map[string]string{
		"manifests/kubernetes__examples/_archived/volumes/aws_ebs/aws-ebs-web.yaml:12": `"tcp" is not allowed`,
		// A patch kept outside any kustomization (its kustomization is not
		// in the corpus): applied as it is, the API server rejects it
		// ("spec.template.spec.containers[0].image: Required value").
		"manifests/GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/gke-a100-jax/kubernetes/job-patch.yaml:27": `has no image`,
	}
	removedFiles := map[string]bool{}
	byCode := map[string]int{}
	for _, f := range all {
		byCode[f.code]++
		key := fmt.Sprintf("%s:%d", f.file, f.line)
		switch {
		case f.code == "k8s-deprecated-api":
			removedFiles[f.file] = true
		case expected[key] != "" && strings.Contains(f.msg, expected[key]):
			delete(expected, key)
		default:
			t.Errorf("%s: %s [%s]", key, f.msg, f.code)
		}
	}
	for k, v := range expected {
		t.Errorf("%s: expected finding %q not reported", k, v)
	}
	t.Logf("%d files, findings by code: %v; %d files with removed/deprecated APIs", len(files), byCode, len(removedFiles))
	// README: 15 files with removed/old API versions (the List one is
	// valid: v1 List is served).
	if len(removedFiles) < 14 {
		t.Errorf("only %d files reported with removed APIs, want the README's 14+", len(removedFiles))
	}
}

// TestKubeconformFixtures checks kubeconform's own acceptance verdicts
// (k8s/invalid/README.md): valid fixtures give no error; invalid ones give
// the expected error on the expected line.
func TestKubeconformFixtures(t *testing.T) {
	dir := filepath.Join(corpus.Sub(t, "k8s/invalid"), "yannh__kubeconform", "fixtures")
	type want struct {
		opts  engine.KubeOptions
		lines map[int]string // line -> code; nil = valid
	}
	strictOff := false
	cases := map[string]want{
		"valid.yaml":                                   {},
		"multi_valid.yaml":                             {},
		"folder/multi_valid.yaml":                      {},
		"folder/valid.yaml":                            {},
		"int_or_string.yaml":                           {},
		"quantity.yaml":                                {},
		"null_string.yaml":                             {},
		"null_array.yaml":                              {},
		"generate_name.yaml":                           {},
		"blank.yaml":                                   {},
		"comment.yaml":                                 {},
		"list_valid.yaml":                              {},
		"list_empty_valid.yaml":                        {},
		"multi_with_list.yaml":                         {},
		"full_domain_group.yaml":                       {},
		"unconventional_keys.yaml":                     {},
		"multi_valid_source.yaml":                      {},
		"valid_version.yaml":                           {},
		"same-object-different-namespace.yaml":         {},
		"same-object-different-namespace-default.yaml": {},
		"extra_property.yaml":                          {opts: engine.KubeOptions{Strict: &strictOff}},
		"invalid.yaml":                                 {lines: map[int]string{6: "schema", 9: "schema"}},
		"multi_invalid.yaml":                           {lines: map[int]string{12: "schema"}},
		"list_invalid.yaml":                            {lines: map[int]string{26: "schema", 29: "schema"}},
		"extra_property.yaml#strict":                   {lines: map[int]string{7: "schema"}},
		"duplicate_property.yaml":                      {lines: map[int]string{7: "schema", 16: "duplicate-key"}},
		"missing_apiversion.yaml":                      {lines: map[int]string{1: "k8s-object"}},
		"missing_kind_value.yaml":                      {lines: map[int]string{1: "k8s-object"}},
		"multi_invalid_resources.yaml":                 {lines: map[int]string{1: "k8s-object", 3: "k8s-object", 5: "k8s-object", 7: "k8s-object", 9: "k8s-object"}},
		"test_crd.yaml":                                {lines: map[int]string{2: "k8s-missing-schema"}},
		"duplicates.yaml":                              {lines: map[int]string{26: "k8s-duplicate-object"}},
		"duplicates-non-namespaced.yaml":               {lines: map[int]string{25: "k8s-duplicate-object"}},
		"duplicates-with-namespace.yaml":               {lines: map[int]string{27: "k8s-duplicate-object"}},
		"duplicates-with-namespace-default.yaml":       {},
		"same-kind-different-api.yaml":                 {lines: map[int]string{29: "k8s-deprecated-api"}},
		"test_crd.yaml#registry":                       {opts: engine.KubeOptions{SchemaLocations: []string{filepath.Join(dir, "registry", "{{ .ResourceKind }}{{ .KindSuffix }}.json")}}},
		"test_crd.yaml#crd":                            {opts: engine.KubeOptions{CRDs: []string{filepath.Join(dir, "registry", "sagemaker.aws.amazon.com_trainingjobs.yaml")}}},
		"test_crd.yaml#ignore":                         {opts: engine.KubeOptions{IgnoreMissingSchemas: true}},
		"grafana-alert-rule-group-sample.yaml":         {opts: engine.KubeOptions{SchemaLocations: []string{"default", filepath.Join(dir, "{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json")}}},
	}
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		w := cases[name]
		file, _, _ := strings.Cut(name, "#")
		t.Run(name, func(t *testing.T) {
			l := newLinter(t, w.opts)
			got := map[int]string{}
			for _, f := range lintFiles(t, l, dir, []string{filepath.Join(dir, file)}) {
				if f.sev == diag.SeverityError || f.code == "k8s-missing-schema" {
					got[f.line] = f.code
					t.Logf("%d: %s [%s]", f.line, f.msg, f.code)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(w.lines) && !(len(got) == 0 && len(w.lines) == 0) {
				t.Errorf("findings by line %v, want %v", got, w.lines)
			}
		})
	}
}

// TestHelmValues: each chart's values.yaml, and each ci/*.yaml merged over
// it, validates against its values.schema.json, except the two cases the
// helm README documents.
func TestHelmValues(t *testing.T) {
	charts := corpus.Sub(t, "helm/charts")
	dirs, _ := filepath.Glob(filepath.Join(charts, "*", "values.schema.json"))
	l := newLinter(t, engine.KubeOptions{})
	checked, ciFiles := 0, 0
	for _, schema := range dirs {
		values := filepath.Join(filepath.Dir(schema), "values.yaml")
		if _, err := os.Stat(values); err != nil {
			continue
		}
		checked++
		chart := filepath.Base(filepath.Dir(schema))
		ci, _ := filepath.Glob(filepath.Join(filepath.Dir(schema), "ci", "*.y*ml"))
		ciFiles += len(ci)
		for _, f := range lintFiles(t, l, charts, append([]string{values}, ci...)) {
			switch {
			case chart == "kubernetes-sigs__external-dns__external-dns" && f.line == 242 && strings.HasSuffix(f.file, "/values.yaml"):
				// policy: deliberately null and required: the user must set it.
			case f.code == "schema-load" && strings.Contains(f.msg, "remote schemas are not fetched"):
				// $ref to a remote URL: said so, not a values error.
			default:
				t.Errorf("%s:%d: %s [%s]", f.file, f.line, f.msg, f.code)
			}
		}
	}
	t.Logf("%d charts with values.schema.json checked, with %d ci values files merged over values.yaml", checked, ciFiles)
	if checked < 20 {
		t.Errorf("only %d charts checked", checked)
	}
}

// TestHelmTemplatesSkipped: files under a chart's templates/ are never
// parsed or reported.
func TestHelmTemplatesSkipped(t *testing.T) {
	charts := corpus.Sub(t, "helm/charts")
	tpls, _ := filepath.Glob(filepath.Join(charts, "*", "templates", "*.yaml"))
	if len(tpls) == 0 {
		t.Skip("no chart templates in the corpus")
	}
	l := newLinter(t, engine.KubeOptions{})
	if got := lintFiles(t, l, charts, tpls); len(got) != 0 {
		t.Errorf("%d findings in templates, e.g. %+v", len(got), got[0])
	}
	t.Logf("%d template files skipped", len(tpls))
}

// TestChartAndKustomization: every Chart.yaml and kustomization file of the
// corpus passes the project's schemas, except crossplane's Chart.yaml whose
// `source:` (for `sources:`) Helm silently ignores.
func TestChartAndKustomization(t *testing.T) {
	root := corpus.Sub(t, "")
	var files []string
	for _, f := range yamlUnder(t, filepath.Join(root, "helm"), filepath.Join(root, "k8s", "kustomize")) {
		switch filepath.Base(f) {
		case "Chart.yaml", "kustomization.yaml", "kustomization.yml":
			files = append(files, f)
		}
	}
	l := newLinter(t, engine.KubeOptions{})
	charts, kust := 0, 0
	for _, f := range files {
		if filepath.Base(f) == "Chart.yaml" {
			charts++
		} else {
			kust++
		}
	}
	found := false
	for _, f := range lintFiles(t, l, root, files) {
		if f.file == "helm/charts/crossplane__crossplane__crossplane/Chart.yaml" && f.line == 11 {
			found = true
			continue
		}
		t.Errorf("%s:%d: %s [%s]", f.file, f.line, f.msg, f.code)
	}
	if !found {
		t.Error("crossplane Chart.yaml `source:` not reported")
	}
	t.Logf("%d Chart.yaml, %d kustomization files", charts, kust)
}

// TestKustomizeTrees: the kustomize corpus holds resources that
// transformers complete, strategic-merge patches and transformer configs.
// Objects there are checked as build inputs (no required fields), patches
// and configs are skipped: no schema error; the one removed API
// (metrics-server's policy/v1beta1 PodDisruptionBudget) is reported.
func TestKustomizeTrees(t *testing.T) {
	base := corpus.Sub(t, "k8s")
	files := yamlUnder(t, filepath.Join(base, "kustomize"))
	l := newLinter(t, engine.KubeOptions{CRDs: []string{filepath.Join(base, "crds")}})
	l.RegisterCRDs(files)
	byCode := map[string]int{}
	for _, f := range lintFiles(t, l, base, files) {
		byCode[f.code]++
		switch {
		case f.code == "k8s-missing-schema":
			// CRs whose CRDs are not in the corpus (istio, kaito...).
		case f.code == "k8s-deprecated-api" && strings.HasSuffix(f.file, "metrics-server/manifests/components/high-availability/pdb.yaml"):
		default:
			t.Errorf("%s:%d: %s [%s]", f.file, f.line, f.msg, f.code)
		}
	}
	t.Logf("%d files, findings by code: %v", len(files), byCode)
}

// ownCode: the findings these tests are about (schemas and Kubernetes
// checks, and the parser's duplicate keys kubeconform also reports).
func ownCode(code string) bool {
	return code == "schema" || code == "schema-load" || code == "duplicate-key" || strings.HasPrefix(code, "k8s-")
}

// TestDocumentSchemaWalk: the language server finds a document's
// Kubernetes schema through Linter.DocumentSchema and walks it with
// Store.Raw across the per-definition documents (hover, completion).
func TestDocumentSchemaWalk(t *testing.T) {
	l := newLinter(t, engine.KubeOptions{Version: "1.30"})
	src := []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n")
	f := yamlfile.Parse("web.yaml", src, yamlfile.Options{})
	url := l.DocumentSchema("web.yaml", f, f.Docs[0])
	if url == "" {
		t.Fatal("no schema for a Deployment")
	}
	follow := func(u string) map[string]any {
		t.Helper()
		raw, err := l.Store.Raw(u)
		if err != nil {
			t.Fatalf("Raw(%s): %v", u, err)
		}
		m, _ := raw.(map[string]any)
		ref, ok := m["$ref"].(string)
		if all, _ := m["allOf"].([]any); len(all) == 1 && !ok {
			// A kind's root document: its definition, apiVersion and kind pinned.
			ref, ok = all[0].(map[string]any)["$ref"].(string)
		}
		if ok {
			raw, err = l.Store.Raw(ref)
			if err != nil {
				t.Fatalf("Raw(%s): %v", ref, err)
			}
			m, _ = raw.(map[string]any)
		}
		return m
	}
	dep := follow(url)
	spec, _ := dep["properties"].(map[string]any)["spec"].(map[string]any)
	specDef := follow(spec["$ref"].(string))
	replicas, _ := specDef["properties"].(map[string]any)["replicas"].(map[string]any)
	if d, _ := replicas["description"].(string); !strings.Contains(d, "desired pods") {
		t.Errorf("replicas description = %q", d)
	}
}

// TestGatewayAPIInvalid: every standard gateway-api invalid example is
// rejected with the standard CRDs (the API server rejects them through
// patterns, enums, bounds, required fields, CEL rules and list-map keys).
func TestGatewayAPIInvalid(t *testing.T) {
	dir := filepath.Join(corpus.Sub(t, "k8s/invalid"), "kubernetes-sigs__gateway-api", "hack", "invalid-examples", "standard")
	crds := filepath.Join(corpus.Sub(t, "k8s/crds"), "kubernetes-sigs__gateway-api", "config", "crd", "standard")
	l := newLinter(t, engine.KubeOptions{CRDs: []string{crds}})
	files := yamlUnder(t, dir)
	byCode := map[string]int{}
	for _, file := range files {
		rejected := false
		for _, f := range lintFiles(t, l, dir, []string{file}) {
			if f.sev == diag.SeverityError {
				rejected = true
				byCode[f.code]++
			}
		}
		if !rejected {
			t.Errorf("%s: not rejected", file)
		}
	}
	t.Logf("%d invalid examples, errors by code: %v", len(files), byCode)
}
