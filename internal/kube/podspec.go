package kube

import (
	"fmt"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Codes of the built-in kinds' checks beyond their OpenAPI schema.
const (
	// CodeContainerImage: a container of a Pod or pod template without an
	// image (the schema leaves it optional; the API server requires it).
	CodeContainerImage = "k8s-container-image"
	// CodeListDuplicate: two items of a list the API server keys by some
	// field (container names, volume names, mount paths, env names,
	// ports) with the same key.
	CodeListDuplicate = "k8s-list-duplicate"
)

// podSpecPaths are where built-in kinds keep a pod spec, and where its
// template's metadata is.
var podSpecPaths = map[string][]string{
	"/Pod":                   {"spec"},
	"/PodTemplate":           {"template", "spec"},
	"/ReplicationController": {"spec", "template", "spec"},
	"apps/Deployment":        {"spec", "template", "spec"},
	"apps/ReplicaSet":        {"spec", "template", "spec"},
	"apps/StatefulSet":       {"spec", "template", "spec"},
	"apps/DaemonSet":         {"spec", "template", "spec"},
	"extensions/Deployment":  {"spec", "template", "spec"},
	"extensions/ReplicaSet":  {"spec", "template", "spec"},
	"extensions/DaemonSet":   {"spec", "template", "spec"},
	"batch/Job":              {"spec", "template", "spec"},
	"batch/CronJob":          {"spec", "jobTemplate", "spec", "template", "spec"},
}

// PodSpecPath returns the keys leading from a built-in workload object to
// its pod spec (spec.template.spec for a Deployment), or nil when the kind
// is not a built-in workload. House rules' pod-spec and container targets
// use the same table.
func PodSpecPath(apiVersion, kind string) []string {
	return podSpecPaths[GVK{APIVersion: apiVersion, Kind: kind}.Group()+"/"+kind]
}

// checkBuiltin runs the API server's checks of built-in kinds that the
// OpenAPI schema cannot express.
func checkBuiltin(f *yamlfile.File, obj *yamlfile.Node, g GVK, partial bool, report func(diag.Diagnostic)) {
	key := g.Group() + "/" + g.Kind
	if p, ok := podSpecPaths[key]; ok {
		n := obj
		for _, k := range p {
			n = n.Child(k)
		}
		if len(p) > 1 {
			tmpl := obj
			for _, k := range p[:len(p)-1] {
				tmpl = tmpl.Child(k)
			}
			if md := tmpl.Child("metadata"); md != nil && md.Kind == yamlfile.Mapping {
				checkLabelsAnnotations(f, md, func(r diag.Range, format string, args ...any) {
					report(diag.Diagnostic{Range: r, Severity: diag.SeverityError, Code: CodeMetadata, Message: fmt.Sprintf(format, args...)})
				})
			}
		}
		if n != nil && n.Kind == yamlfile.Mapping {
			checkPodSpec(f, n, partial, report)
		}
	}
	if key == "/Service" {
		if ports := obj.Child("spec").Child("ports"); ports != nil {
			uniqueBy(f, ports, []string{"port", "protocol"}, map[string]any{"protocol": "TCP"}, diag.SeverityError,
				"duplicate Service port %s (same as item %d); the API server rejects it", report)
		}
	}
}

// checkPodSpec checks a pod spec's containers: each needs an image
// (except in build inputs, which a later step may complete), names,
// volumes and mount paths are unique (errors, as the API server's
// validation), duplicate env names and ports are warnings (the API
// server's create warnings: the later env entry hides the earlier, and
// server-side apply may drop one).
func checkPodSpec(f *yamlfile.File, spec *yamlfile.Node, partial bool, report func(diag.Diagnostic)) {
	names := map[string]*yamlfile.Node{}
	for _, list := range []string{"initContainers", "containers"} {
		cs := spec.Child(list)
		if cs == nil || cs.Kind != yamlfile.Sequence {
			continue
		}
		for _, c := range cs.Children {
			if c.Kind != yamlfile.Mapping {
				continue
			}
			name, _ := c.Child("name").String()
			img := c.Child("image")
			if s, isStr := img.String(); !partial && (img == nil || img.Value == nil || (isStr && s == "")) {
				at := headOf(f, c)
				if img != nil {
					at = keyOf(f, img)
				}
				what := "container"
				if list == "initContainers" {
					what = "init container"
				}
				label := ""
				if name != "" {
					label = fmt.Sprintf(" %q", name)
				}
				report(diag.Diagnostic{Range: at, Severity: diag.SeverityError, Code: CodeContainerImage,
					Message: fmt.Sprintf("%s%s has no image; the API server requires %s.image", what, label, list+"[]")})
			}
			if nn := c.Child("name"); name != "" {
				if first, dup := names[name]; dup {
					report(diag.Diagnostic{Range: valueOf(f, nn), Severity: diag.SeverityError, Code: CodeListDuplicate,
						Message: fmt.Sprintf("duplicate container name %q (first at line %d); container names must be unique in a pod", name, f.Lines.Position(first.Range.Start).Line)})
				} else {
					names[name] = nn
				}
			}
			if vm := c.Child("volumeMounts"); vm != nil {
				uniqueBy(f, vm, []string{"mountPath"}, nil, diag.SeverityError,
					"duplicate volume mount %s (same as item %d); mount paths must be unique in a container", report)
			}
			checkEnv(f, c.Child("env"), report)
			if ports := c.Child("ports"); ports != nil {
				// Entries that differ in name are distinct on purpose (ingress-nginx
				// serves http and https on one port): only full repeats warn.
				uniqueBy(f, ports, []string{"containerPort", "protocol", "hostIP", "hostPort", "name"},
					map[string]any{"protocol": "TCP", "hostIP": "", "hostPort": int64(0), "name": ""}, diag.SeverityWarning,
					"duplicate port definition %s (same as item %d); server-side apply may drop one", report)
			}
		}
	}
	if vs := spec.Child("volumes"); vs != nil {
		uniqueBy(f, vs, []string{"name"}, nil, diag.SeverityError,
			"duplicate volume %s (same as item %d); volume names must be unique in a pod", report)
	}
}

// checkEnv warns, as the API server does on create, about an env entry
// that redefines an earlier name, unless its value builds on the earlier
// one (X="$(X):more").
func checkEnv(f *yamlfile.File, env *yamlfile.Node, report func(diag.Diagnostic)) {
	if env == nil || env.Kind != yamlfile.Sequence {
		return
	}
	seen := map[string]int{}
	for i, it := range env.Children {
		nn := it.Child("name")
		name, ok := nn.String()
		if !ok || name == "" {
			continue
		}
		if first, dup := seen[name]; dup {
			ref := "$(" + name + ")"
			value, _ := it.Child("value").String()
			if it.Child("valueFrom") != nil || value == ref || !strings.Contains(value, ref) {
				report(diag.Diagnostic{Range: valueOf(f, nn), Severity: diag.SeverityWarning, Code: CodeListDuplicate,
					Message: fmt.Sprintf("environment variable %q hides its earlier definition (item %d), which may be dropped when using apply", name, first+1)})
			}
			continue
		}
		seen[name] = i
	}
}

// uniqueBy reports the items of a sequence of mappings whose key fields
// (defaults filled in) equal an earlier item's. Items missing a key field
// are skipped (the schema reports missing required fields).
func uniqueBy(f *yamlfile.File, list *yamlfile.Node, keys []string, defaults map[string]any, sev diag.Severity, format string, report func(diag.Diagnostic)) {
	if list.Kind != yamlfile.Sequence || len(list.Children) < 2 {
		return
	}
	seen := map[string]int{}
	for i, it := range list.Children {
		if it.Kind != yamlfile.Mapping {
			continue
		}
		var parts, shown []string
		complete := true
		for _, k := range keys {
			var v any
			if c := it.Child(k); c != nil {
				v = c.Value
			}
			if v == nil {
				v = defaults[k]
			}
			if v == nil {
				complete = false
				break
			}
			parts = append(parts, fmt.Sprintf("%T:%v", v, v))
			if c := it.Child(k); c != nil && c.Value != nil || len(shown) == 0 || k == "protocol" {
				shown = append(shown, fmt.Sprintf("%s=%s", k, showValue(v)))
			}
		}
		if !complete {
			continue
		}
		key := fmt.Sprint(parts)
		if first, dup := seen[key]; dup {
			at := headOf(f, it)
			if c := it.Child(keys[0]); c != nil {
				at = valueOf(f, c)
			}
			report(diag.Diagnostic{Range: at, Severity: sev, Code: CodeListDuplicate,
				Message: fmt.Sprintf(format, joinComma(shown), first+1)})
			continue
		}
		seen[key] = i
	}
}

func joinComma(s []string) string { return strings.Join(s, ", ") }
