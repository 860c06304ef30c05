package kube

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	upstream "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/kube/crdvalidation"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// crdMutations make a valid CRD invalid in the ways the copied validation
// handles differently from upstream's imports (the webhook checks) and in
// a few others, so the comparison covers findings, not only silence.
var crdMutations = map[string]func(*apiextensionsv1.CustomResourceDefinition){
	"none": func(*apiextensionsv1.CustomResourceDefinition) {},
	"webhook url": func(c *apiextensionsv1.CustomResourceDefinition) {
		u := "http://user@:80/convert?x=1#frag"
		c.Spec.Conversion = &apiextensionsv1.CustomResourceConversion{Strategy: apiextensionsv1.WebhookConverter,
			Webhook: &apiextensionsv1.WebhookConversion{ConversionReviewVersions: []string{"v1"},
				ClientConfig: &apiextensionsv1.WebhookClientConfig{URL: &u, CABundle: []byte("not a certificate")}}}
	},
	"webhook service": func(c *apiextensionsv1.CustomResourceDefinition) {
		p := "//"
		c.Spec.Conversion = &apiextensionsv1.CustomResourceConversion{Strategy: apiextensionsv1.WebhookConverter,
			Webhook: &apiextensionsv1.WebhookConversion{ConversionReviewVersions: []string{"v1"},
				ClientConfig: &apiextensionsv1.WebhookClientConfig{Service: &apiextensionsv1.ServiceReference{Name: "", Namespace: "Bad_NS", Path: &p, Port: ptrTo(int32(70000))},
					CABundle: []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")}}}
	},
	"webhook service path": func(c *apiextensionsv1.CustomResourceDefinition) {
		p := "convert/Not_A_Label/"
		c.Spec.Conversion = &apiextensionsv1.CustomResourceConversion{Strategy: apiextensionsv1.WebhookConverter,
			Webhook: &apiextensionsv1.WebhookConversion{ConversionReviewVersions: []string{"v1"},
				ClientConfig: &apiextensionsv1.WebhookClientConfig{Service: &apiextensionsv1.ServiceReference{Name: "svc", Namespace: "ns", Path: &p}}}}
	},
	"names": func(c *apiextensionsv1.CustomResourceDefinition) {
		c.Name = "wrong.example.com"
		c.Spec.Names.Plural = "Not_Plural"
	},
	"schema": func(c *apiextensionsv1.CustomResourceDefinition) {
		for i := range c.Spec.Versions {
			if s := c.Spec.Versions[i].Schema; s != nil && s.OpenAPIV3Schema != nil {
				s.OpenAPIV3Schema.Type = "strin"
				s.OpenAPIV3Schema.XValidations = append(s.OpenAPIV3Schema.XValidations, apiextensionsv1.ValidationRule{Rule: "self.x =="})
			}
		}
	},
}

func ptrTo[T any](v T) *T { return &v }

// TestSameAsUpstream: the copied validation finds what
// k8s.io/apiextensions-apiserver's does, on the v1 CRDs of the test data
// and the corpus's Kubernetes files, as it is and with each of crdMutations, on one CRD in
// four (validating every variant of every CRD took 12 s).
func TestSameAsUpstream(t *testing.T) {
	compared, found, crds := 0, 0, 0
	paths, _ := filepath.Glob("../../testdata/kube/*.yaml")
	more, _ := filepath.Glob("../../testdata/kube/crds/*.yaml")
	paths = append(append(paths, more...), corpus.YAMLFiles(t, "k8s/crds", "k8s/manifests", "k8s/crs")...)
	eachV1CRD(t, paths, func(p string, _ *yamlfile.File, d *yamlfile.Document) {
		crds++
		for name, mutate := range crdMutations {
			if crds%4 != 1 {
				continue
			}
			v1, ok := decodeCRD(d.Root)
			if !ok {
				continue
			}
			mutate(v1)
			crd, ok := prepareCRD(v1)
			if !ok {
				continue
			}
			mine := crdvalidation.ValidateCustomResourceDefinition(context.Background(), crd.DeepCopy())
			theirs := upstream.ValidateCustomResourceDefinition(context.Background(), crd.DeepCopy())
			if a, b := errorsText(mine), errorsText(theirs); a != b {
				t.Errorf("%s (%s):\ncopy:\n%s\nupstream:\n%s", p, name, a, b)
			}
			compared++
			found += len(theirs)
		}
	})
	t.Logf("%d CRD variants compared, %d findings", compared, found)
	if compared < len(crdMutations) {
		t.Errorf("only %d CRD variants compared", compared)
	}
}

func errorsText(errs field.ErrorList) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "%s\n", e.Error())
	}
	return b.String()
}

// TestNoWebhookImports keeps what the copy is for: the command does not
// link the webhook client, nor gRPC and client-go's REST client with it.
func TestNoWebhookImports(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "../../cmd/yamlint", "../../cmd/yaml-lsp").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == "k8s.io/apiserver/pkg/util/webhook" || strings.HasPrefix(pkg, "google.golang.org/grpc") ||
			strings.HasPrefix(pkg, "k8s.io/client-go/rest") || pkg == "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation" {
			t.Errorf("the commands link %s", pkg)
		}
	}
}
