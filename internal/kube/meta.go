package kube

import (
	"fmt"
	"strings"

	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/api/validation/path"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// CodeMetadata is the code of object metadata the API server rejects:
// names, generateName, namespace, labels, annotations, finalizers.
const CodeMetadata = "k8s-metadata"

// nameRule is how the API server validates one kind's metadata.name (and
// generateName, with prefix true).
type nameRule func(name string, prefix bool) []string

// nameRules are the kinds whose names do not follow the common rule (a
// DNS-1123 subdomain), from the API server's per-kind validation
// (pkg/apis/*/validation): Namespace names are DNS-1123 labels, Service
// names DNS-1035 labels, RBAC, PersistentVolume and CSR names only need to
// be path segments (ClusterRole "system:auth-delegator").
var nameRules = map[string]nameRule{
	"/Namespace":                                    apimachineryvalidation.NameIsDNSLabel,
	"/Service":                                      apimachineryvalidation.NameIsDNS1035Label,
	"/PersistentVolume":                             path.ValidatePathSegmentName,
	"rbac.authorization.k8s.io/Role":                path.ValidatePathSegmentName,
	"rbac.authorization.k8s.io/ClusterRole":         path.ValidatePathSegmentName,
	"rbac.authorization.k8s.io/RoleBinding":         path.ValidatePathSegmentName,
	"rbac.authorization.k8s.io/ClusterRoleBinding":  path.ValidatePathSegmentName,
	"certificates.k8s.io/CertificateSigningRequest": path.ValidatePathSegmentName,
}

// nameRuleFor returns the name rule of a kind and what to call it.
func nameRuleFor(g GVK) (nameRule, string) {
	key := g.Group() + "/" + g.Kind
	if r, ok := nameRules[key]; ok {
		switch key {
		case "/Namespace":
			return r, "a DNS-1123 label"
		case "/Service":
			return r, "a DNS-1035 label"
		}
		return r, "a path segment"
	}
	// Every other built-in kind, and custom resources
	// (apiextensions-apiserver's validator), use DNS-1123 subdomains.
	return apimachineryvalidation.NameIsDNSSubdomain, "a DNS-1123 subdomain"
}

// cronJobNameMax: the CronJob controller appends an 11-character suffix to
// make Job names, which must stay DNS-1035 labels (63).
const cronJobNameMax = 52

// standardFinalizers are the finalizer names built-in kinds accept without
// a domain prefix (pkg/apis/core/helper.IsStandardFinalizerName).
var standardFinalizers = map[string]bool{"kubernetes": true, "orphan": true, "foregroundDeletion": true}

// checkMetadata validates an object's metadata as the API server's
// ObjectMeta validation does, reporting at the offending key or value.
// builtin says the kind is not a custom resource (built-in kinds also
// reject unqualified finalizer names other than the standard ones).
// partial objects (build inputs) may lack a name.
func checkMetadata(f *yamlfile.File, obj *yamlfile.Node, g GVK, builtin, partial bool, report func(diag.Diagnostic)) {
	md := obj.Child("metadata")
	if md != nil && md.Kind != yamlfile.Mapping {
		return // wrong type: the schema reports it
	}
	errAt := func(r diag.Range, format string, args ...any) {
		report(diag.Diagnostic{Range: r, Severity: diag.SeverityError, Code: CodeMetadata, Message: fmt.Sprintf(format, args...)})
	}
	rule, ruleName := nameRuleFor(g)
	nameNode, genNode := md.Child("name"), md.Child("generateName")
	name, nameIsStr := nameNode.String()
	gen, _ := genNode.String()
	if name == "" && gen == "" && !partial {
		at := headOf(f, obj)
		if md != nil {
			at = keyOf(f, md)
		}
		if nameNode != nil && nameIsStr {
			at = valueOf(f, nameNode)
		}
		if nameNode == nil || nameIsStr || nameNode.Value == nil {
			errAt(at, "%s without metadata.name: the API server requires a name (or generateName)", g.Kind)
		}
	}
	if nameIsStr && name != "" {
		for _, msg := range rule(name, false) {
			errAt(valueOf(f, nameNode), "invalid %s name %q: %s (%s names must be %s)", g.Kind, name, msg, g.Kind, ruleName)
		}
		if g.Group() == "batch" && g.Kind == "CronJob" && len(name) > cronJobNameMax {
			errAt(valueOf(f, nameNode), "invalid CronJob name %q: must be no more than %d characters (Job names add 11)", name, cronJobNameMax)
		}
	}
	if gen != "" {
		for _, msg := range rule(gen, true) {
			errAt(valueOf(f, genNode), "invalid generateName %q: %s (%s names must be %s)", gen, msg, g.Kind, ruleName)
		}
	}
	if ns, ok := md.Child("namespace").String(); ok && ns != "" {
		for _, msg := range apimachineryvalidation.ValidateNamespaceName(ns, false) {
			errAt(valueOf(f, md.Child("namespace")), "invalid namespace %q: %s", ns, msg)
		}
	}
	checkLabelsAnnotations(f, md, errAt)
	if fl := md.Child("finalizers"); fl != nil && fl.Kind == yamlfile.Sequence {
		for _, it := range fl.Children {
			s, ok := it.String()
			if !ok {
				continue
			}
			for _, msg := range validation.IsQualifiedName(s) {
				errAt(valueOf(f, it), "invalid finalizer name %q: %s", s, msg)
			}
			if builtin && !strings.Contains(s, "/") && !standardFinalizers[s] && len(validation.IsQualifiedName(s)) == 0 {
				errAt(valueOf(f, it), "invalid finalizer name %q: name is neither a standard finalizer name nor is it fully qualified (example.com/%s)", s, s)
			}
		}
	}
}

// checkLabelsAnnotations validates the labels and annotations of a
// metadata mapping (an object's or a pod template's).
func checkLabelsAnnotations(f *yamlfile.File, md *yamlfile.Node, errAt func(diag.Range, string, ...any)) {
	if ls := md.Child("labels"); ls != nil && ls.Kind == yamlfile.Mapping {
		for _, e := range ls.Children {
			for _, msg := range validation.IsQualifiedName(e.Key) {
				errAt(e.KeyRange, "invalid label key %q: %s", e.Key, msg)
			}
			if v, ok := e.Value.(string); ok {
				for _, msg := range validation.IsValidLabelValue(v) {
					errAt(valueOf(f, e), "invalid value %q of label %s: %s", v, e.Key, msg)
				}
			}
		}
	}
	if as := md.Child("annotations"); as != nil && as.Kind == yamlfile.Mapping {
		total := 0
		for _, e := range as.Children {
			// Case does not matter in annotation keys (ObjectMeta validation).
			for _, msg := range validation.IsQualifiedName(strings.ToLower(e.Key)) {
				errAt(e.KeyRange, "invalid annotation key %q: %s", e.Key, msg)
			}
			total += len(e.Key)
			if v, ok := e.Value.(string); ok {
				total += len(v)
			}
		}
		if total > apimachineryvalidation.TotalAnnotationSizeLimitB {
			errAt(as.KeyRange, "annotations total %d bytes; the API server accepts at most %d (256 KiB) of keys and values", total, apimachineryvalidation.TotalAnnotationSizeLimitB)
		}
	}
}
