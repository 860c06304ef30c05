package kube

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/kube/crdvalidation"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// CodeCRD is the code of a CustomResourceDefinition the API server
// rejects on create (its schema not structural, an unknown type, an
// invalid default, a CEL rule that does not compile...), and of the one
// diagnostic its custom resources get instead of being checked.
const CodeCRD = "k8s-crd"

// crdProblem is why a registered CRD is unusable, for its resources.
type crdProblem struct {
	name string // metadata.name
	at   string // file:line of the first problem
	msg  string
}

// validateCRD checks an apiextensions.k8s.io/v1 CustomResourceDefinition
// with the API server's own create validation
// (k8s.io/apiextensions-apiserver), after the defaulting and status reset
// the API server does first, and reports each problem at the field's line.
// It returns nil for what it cannot decode (the CRD kind's schema reports
// wrong types) and for other apiVersions.
func validateCRD(f *yamlfile.File, n *yamlfile.Node) (diags []diag.Diagnostic) {
	av, _ := n.Child("apiVersion").String()
	if av != "apiextensions.k8s.io/v1" {
		return nil
	}
	defer func() {
		// The validators are the API server's; a panic on input they never
		// see there (they run after decoding) must not take the file down.
		if r := recover(); r != nil {
			diags = nil
		}
	}()
	v1, ok := decodeCRD(n)
	if !ok {
		return nil
	}
	crd, ok := prepareCRD(v1)
	if !ok {
		return nil
	}
	errs := crdvalidation.ValidateCustomResourceDefinition(context.Background(), crd)
	seen := map[string]bool{}
	for _, e := range errs {
		if strings.HasPrefix(e.Field, "status") {
			continue // follows from a spec problem reported already
		}
		fp := e.Field
		if rest, ok := strings.CutPrefix(fp, "spec.validation.openAPIV3Schema"); ok {
			// The internal version hoists a schema all versions share.
			vs := n.Child("spec").Child("versions")
			if vs == nil || vs.Kind != yamlfile.Sequence {
				vs = &yamlfile.Node{}
			}
			for i, v := range vs.Children {
				if v.Child("schema").Child("openAPIV3Schema") != nil {
					fp = fmt.Sprintf("spec.versions[%d].schema.openAPIV3Schema%s", i, rest)
					break
				}
			}
		}
		at := nodeAtFieldPathDeepest(n, fp)
		rng := keyOf(f, n.Child("kind"))
		if at != nil {
			if at.HasKey && (e.Type == field.ErrorTypeRequired || at.Kind != yamlfile.Scalar) {
				rng = at.KeyRange
			} else {
				rng = valueOf(f, at)
			}
		}
		body := e.ErrorBody()
		switch e.BadValue.(type) {
		case string, int, int64, float64, bool, nil:
		default:
			body = e.Type.String() + ": " + e.Detail // not a struct dump
		}
		body, detail, _ := strings.Cut(body, "\n")
		msg := fmt.Sprintf("%s: %s", shortFieldPath(fp), body)
		if seen[msg] {
			continue
		}
		seen[msg] = true
		diags = append(diags, diag.Diagnostic{Range: rng, Severity: diag.SeverityError, Code: CodeCRD,
			Message: "the API server rejects this CustomResourceDefinition: " + msg, Detail: detail})
	}
	return diags
}

// prepareCRD is what the API server does to a v1 CRD before validating
// it on create: defaulting, conversion to the internal version, and
// PrepareForCreate (status is the server's; the storage version is
// stored). False when it does not convert.
func prepareCRD(v1 *apiextensionsv1.CustomResourceDefinition) (*apiextensions.CustomResourceDefinition, bool) {
	apiextensionsv1.SetObjectDefaults_CustomResourceDefinition(v1)
	var crd apiextensions.CustomResourceDefinition
	if err := apiextensionsv1.Convert_v1_CustomResourceDefinition_To_apiextensions_CustomResourceDefinition(v1, &crd, nil); err != nil {
		return nil, false
	}
	crd.Status = apiextensions.CustomResourceDefinitionStatus{}
	crd.Generation = 1
	for _, v := range crd.Spec.Versions {
		if v.Storage {
			crd.Status.StoredVersions = append(crd.Status.StoredVersions, v.Name)
			break
		}
	}
	return &crd, true
}

// shortFieldPath drops the path to a version's schema: the line says where.
func shortFieldPath(p string) string {
	const s = ".schema.openAPIV3Schema"
	if i := strings.Index(p, s); i >= 0 {
		rest := strings.TrimPrefix(p[i+len(s):], ".")
		if rest == "" {
			return p
		}
		return rest
	}
	return p
}

// nodeAtFieldPathDeepest follows a field.Path string ("spec.versions[0].schema.
// openAPIV3Schema.properties[spec].type") from the object node, returning
// the deepest node that exists (nil when none past the root).
func nodeAtFieldPathDeepest(root *yamlfile.Node, p string) *yamlfile.Node {
	cur, last := root, (*yamlfile.Node)(nil)
	for p != "" && cur != nil {
		var seg string
		switch {
		case p[0] == '.':
			p = p[1:]
			continue
		case p[0] == '[':
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return last
			}
			seg, p = p[1:end], p[end+1:]
			if cur.Kind == yamlfile.Sequence {
				i, err := strconv.Atoi(seg)
				if err != nil || i < 0 || i >= len(cur.Children) {
					return last
				}
				cur = cur.Children[i]
				last = cur
				continue
			}
		default:
			end := strings.IndexAny(p, ".[")
			if end < 0 {
				end = len(p)
			}
			seg, p = p[:end], p[end:]
		}
		next := cur.Child(seg)
		if next == nil {
			return last
		}
		cur, last = next, next
	}
	return last
}

// crdDiagnostics is validateCRD memoized by the object's text: the CLI
// validates a CRD when registering it and again when linting its file.
func (c *Checker) crdDiagnostics(f *yamlfile.File, n *yamlfile.Node) []diag.Diagnostic {
	sum := sha256.Sum256(f.Src[n.Range.Start:n.Range.End])
	if v, ok := c.crdChecked.Load(sum); ok {
		return shiftDiags(v.(objectResult), n.Range.Start)
	}
	ds := validateCRD(f, n)
	c.crdChecked.Store(sum, objectResult{start: n.Range.Start, diags: ds})
	return ds
}

func shiftDiags(r objectResult, start int) []diag.Diagnostic {
	delta := start - r.start
	out := make([]diag.Diagnostic, len(r.diags))
	for i, d := range r.diags {
		d.Range.Start += delta
		d.Range.End += delta
		out[i] = d
	}
	return out
}

// decodeCRD decodes a CRD node as the API server's JSON decoding would.
func decodeCRD(n *yamlfile.Node) (*apiextensionsv1.CustomResourceDefinition, bool) {
	raw, err := json.Marshal(StripNulls(n.Value))
	if err != nil {
		return nil, false
	}
	var v1 apiextensionsv1.CustomResourceDefinition
	if err := json.Unmarshal(raw, &v1); err != nil {
		return nil, false
	}
	return &v1, true
}

func decodesAsCRD(n *yamlfile.Node) bool {
	_, ok := decodeCRD(n)
	return ok
}
