package kube

import (
	"github.com/yamlint/yamlint/internal/corpus"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorpusManifests: every built-in and custom resource in the
// manifests/ and crs/ corpus (which real validators accept for 1.30) must
// validate, strictly, with the corpus CRDs registered; removed APIs are
// reported as such, never as schema errors.
func TestCorpusManifests(t *testing.T) {
	if testing.Short() {
		t.Skip("whole corpus")
	}
	// 1.30 is what the corpus was filtered with (TestEngineCorpus covers the
	// same files through the engine).
	for _, version := range []string{"1.30"} {
		t.Run("k8s-"+version, func(t *testing.T) {
			r, err := New(Options{Version: version, Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			crds := corpus.Sub(t, "k8s/crds")
			n := registerCRDs(t, r, crds, corpus.Sub(t, "k8s/manifests"))
			for _, sub := range []string{"k8s/manifests", "k8s/crs"} {
				var tl tally
				for _, f := range yamlFiles(t, corpus.Sub(t, sub)) {
					data, err := os.ReadFile(f)
					if err != nil {
						t.Fatal(err)
					}
					docs, err := decodeAll(data)
					if err != nil {
						t.Errorf("%s: %v", f, err)
					}
					validateDocs(t, r, rel(f), docs, &tl)
				}
				t.Logf("%s (%s, %d CRDs): %s", sub, r.Version(), n, &tl)
				found := map[string]bool{}
				for _, e := range tl.errs {
					if want := realFinding(e); want != "" {
						found[want] = true
						continue
					}
					t.Error(e)
				}
				for _, f := range realFindings {
					if strings.HasPrefix(f.file, sub) && !found[f.file] {
						t.Errorf("%s: expected finding %q not reported", f.file, f.substr)
					}
				}
			}
		})
	}
}

func rel(p string) string {
	if i := strings.Index(p, string(filepath.Separator)+"k8s"+string(filepath.Separator)); i >= 0 {
		return p[i+1:]
	}
	return p
}

// realFindings are genuine errors in the accepted corpus that the corpus
// filter (kubeconform without enums, kubectl-validate) let through.
var realFindings = []struct{ file, substr, why string }{
	// The API server rejects "tcp": Unsupported value, supported values
	// "SCTP", "TCP", "UDP" (the check is case-sensitive).
	{"k8s/manifests/kubernetes__examples/_archived/volumes/aws_ebs/aws-ebs-web.yaml", "protocol", "enum"},
	// `verifyServer: on`: goccy decodes YAML 1.2, where "on" is a string;
	// kubectl (YAML 1.1) sends true, which the engine path mirrors (see
	// TestEngineCorpus, where the file passes).
	{"k8s/crs/nginxinc__kubernetes-ingress/examples/custom-resources/egress-mtls/egress-mtls.yaml", "verifyServer", "YAML 1.1 boolean"},
}

func realFinding(e string) string {
	for _, f := range realFindings {
		if strings.HasPrefix(e, f.file+"#") && strings.Contains(e, f.substr) {
			return f.file
		}
	}
	return ""
}
