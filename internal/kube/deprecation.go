package kube

import (
	"fmt"
	"sort"
	"strings"
)

// Deprecation describes an apiVersion/kind the chosen release does not
// serve (or serves as deprecated).
type Deprecation struct {
	GVK GVK
	// Removed is true when the release no longer serves the kind.
	Removed bool
	// Deprecated is true for a kind still served but deprecated (a CRD
	// version marked deprecated); validation still applies.
	Deprecated bool
	// RemovedIn is the first release without it ("1.22"), when known
	// exactly; otherwise LastServed/FirstMissing bound it.
	RemovedIn    string
	LastServed   string
	FirstMissing string
	// NotYet is true when the kind appears only in newer bundled releases.
	NotYet       bool
	IntroducedIn string
	// IntroducedExact is false when IntroducedIn is only the first bundled
	// release serving the kind.
	IntroducedExact bool
	// DeprecatedIn is the release that deprecated it, when known.
	DeprecatedIn string
	// Replacement is the apiVersion serving the same kind in the chosen
	// release ("networking.k8s.io/v1"), if any.
	Replacement string
	// Note adds context from the table of well-known removals.
	Note string
}

// Message renders the finding for a diagnostic.
func (d *Deprecation) Message(version string) string {
	var b strings.Builder
	switch {
	case d.Deprecated && d.Note != "":
		return d.Note
	case d.Deprecated:
		fmt.Fprintf(&b, "%s %s is deprecated since Kubernetes %s", d.GVK.APIVersion, d.GVK.Kind, d.DeprecatedIn)
		if d.RemovedIn != "" {
			fmt.Fprintf(&b, " and is removed in %s", d.RemovedIn)
		}
		if d.Replacement != "" {
			fmt.Fprintf(&b, "; use %s", d.Replacement)
		}
		return b.String()
	case d.Removed && d.RemovedIn == "" && d.LastServed == "":
		fmt.Fprintf(&b, "%s %s is %s", d.GVK.APIVersion, d.GVK.Kind, d.Note)
		if d.Replacement != "" {
			fmt.Fprintf(&b, "; use %s", d.Replacement)
		}
		return b.String()
	case d.NotYet && d.IntroducedExact:
		fmt.Fprintf(&b, "%s %s is not served by Kubernetes %s; it was introduced in %s", d.GVK.APIVersion, d.GVK.Kind, short(version), d.IntroducedIn)
	case d.NotYet:
		fmt.Fprintf(&b, "%s %s is not served by Kubernetes %s (the first bundled release serving it is %s)", d.GVK.APIVersion, d.GVK.Kind, short(version), d.IntroducedIn)
	case d.RemovedIn != "":
		fmt.Fprintf(&b, "%s %s was removed in Kubernetes %s", d.GVK.APIVersion, d.GVK.Kind, d.RemovedIn)
	default:
		fmt.Fprintf(&b, "%s %s was removed after Kubernetes %s (absent in %s)", d.GVK.APIVersion, d.GVK.Kind, d.LastServed, d.FirstMissing)
	}
	if d.Replacement != "" {
		fmt.Fprintf(&b, "; use %s", d.Replacement)
	}
	if d.Note != "" {
		fmt.Fprintf(&b, " (%s)", d.Note)
	}
	return b.String()
}

// short turns "v1.36.3" into "1.36".
func short(v string) string {
	v = strings.TrimPrefix(v, "v")
	if i := strings.LastIndex(v, "."); i > strings.Index(v, ".") {
		v = v[:i]
	}
	return v
}

// removal is a well-known removal that predates the oldest bundled
// release (1.27), from the Kubernetes deprecated API migration guide.
type removal struct {
	removedIn   string
	replacement string // apiVersion, "" when there is none
	note        string
}

var removals = map[GVK]removal{}

func addRemovals(apiVersion, removedIn, replacement, note string, kinds ...string) {
	for _, k := range kinds {
		removals[GVK{apiVersion, k}] = removal{removedIn, replacement, note}
	}
}

func init() {
	// 1.16
	addRemovals("extensions/v1beta1", "1.16", "apps/v1", "", "Deployment", "DaemonSet", "ReplicaSet")
	addRemovals("extensions/v1beta1", "1.16", "networking.k8s.io/v1", "", "NetworkPolicy")
	addRemovals("extensions/v1beta1", "1.16", "policy/v1beta1", "PodSecurityPolicy itself was removed in 1.25", "PodSecurityPolicy")
	addRemovals("apps/v1beta1", "1.16", "apps/v1", "", "Deployment", "StatefulSet", "ReplicaSet", "ControllerRevision")
	addRemovals("apps/v1beta2", "1.16", "apps/v1", "", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision")
	// 1.14: initializers were an alpha feature that was dropped.
	addRemovals("admissionregistration.k8s.io/v1alpha1", "1.14", "", "initializers were removed without replacement", "InitializerConfiguration")
	// 1.22
	addRemovals("extensions/v1beta1", "1.22", "networking.k8s.io/v1", "", "Ingress")
	addRemovals("networking.k8s.io/v1beta1", "1.22", "networking.k8s.io/v1", "", "Ingress", "IngressClass")
	for _, v := range []string{"rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1"} {
		addRemovals(v, "1.22", "rbac.authorization.k8s.io/v1", "", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
			"ClusterRoleList", "ClusterRoleBindingList", "RoleList", "RoleBindingList")
	}
	addRemovals("admissionregistration.k8s.io/v1beta1", "1.22", "admissionregistration.k8s.io/v1", "", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")
	addRemovals("apiextensions.k8s.io/v1beta1", "1.22", "apiextensions.k8s.io/v1", "", "CustomResourceDefinition")
	addRemovals("apiregistration.k8s.io/v1beta1", "1.22", "apiregistration.k8s.io/v1", "", "APIService")
	addRemovals("authentication.k8s.io/v1beta1", "1.22", "authentication.k8s.io/v1", "", "TokenReview")
	addRemovals("authorization.k8s.io/v1beta1", "1.22", "authorization.k8s.io/v1", "", "SubjectAccessReview", "LocalSubjectAccessReview", "SelfSubjectAccessReview")
	addRemovals("certificates.k8s.io/v1beta1", "1.22", "certificates.k8s.io/v1", "", "CertificateSigningRequest")
	addRemovals("coordination.k8s.io/v1beta1", "1.22", "coordination.k8s.io/v1", "", "Lease")
	addRemovals("scheduling.k8s.io/v1beta1", "1.22", "scheduling.k8s.io/v1", "", "PriorityClass")
	addRemovals("scheduling.k8s.io/v1alpha1", "1.22", "scheduling.k8s.io/v1", "", "PriorityClass")
	addRemovals("storage.k8s.io/v1beta1", "1.22", "storage.k8s.io/v1", "", "CSIDriver", "CSINode", "StorageClass", "VolumeAttachment")
	// 1.25
	addRemovals("batch/v1beta1", "1.25", "batch/v1", "", "CronJob")
	addRemovals("discovery.k8s.io/v1beta1", "1.25", "discovery.k8s.io/v1", "", "EndpointSlice")
	addRemovals("events.k8s.io/v1beta1", "1.25", "events.k8s.io/v1", "", "Event")
	addRemovals("autoscaling/v2beta1", "1.25", "autoscaling/v2", "", "HorizontalPodAutoscaler")
	addRemovals("policy/v1beta1", "1.25", "policy/v1", "", "PodDisruptionBudget")
	addRemovals("policy/v1beta1", "1.25", "", "use Pod Security Admission or a third-party admission webhook", "PodSecurityPolicy")
	addRemovals("node.k8s.io/v1beta1", "1.25", "node.k8s.io/v1", "", "RuntimeClass")
	// 1.26
	addRemovals("flowcontrol.apiserver.k8s.io/v1beta1", "1.26", "flowcontrol.apiserver.k8s.io/v1", "", "FlowSchema", "PriorityLevelConfiguration")
	addRemovals("autoscaling/v2beta2", "1.26", "autoscaling/v2", "", "HorizontalPodAutoscaler")
	// 1.27
	addRemovals("storage.k8s.io/v1beta1", "1.27", "storage.k8s.io/v1", "", "CSIStorageCapacity")
}

// Deprecation reports whether apiVersion/kind is removed from (or not yet
// in) the registry's release. It returns nil for kinds the release serves
// and for kinds no bundled release or table knows (custom resources).
func (r *Registry) Deprecation(apiVersion, kind string) *Deprecation {
	g := GVK{apiVersion, kind}
	r.mu.Lock()
	note := r.crdNotes[g]
	_, isCRD := r.crds[g]
	r.mu.Unlock()
	if note != nil {
		return note
	}
	if isCRD {
		return nil
	}
	x, err := loadIndex()
	if err != nil {
		return nil
	}
	serves := func(i int) bool {
		for _, k := range x.Versions[i].Kinds[apiVersion] {
			if k == kind {
				return true
			}
		}
		return false
	}
	cur := -1
	for i, v := range x.Versions {
		if v.Version == r.version {
			cur = i
		}
	}
	if cur < 0 {
		return nil
	}
	lc, hasLC := x.Lifecycle[apiVersion+"/"+kind]
	mc, _ := minorOf(r.version)
	atLeast := func(v string) bool {
		m, ok := minorOf(v)
		return ok && mc >= m
	}
	if serves(cur) {
		// The API server warns about these (its warnings come from the
		// same lifecycle data); the objects are still validated.
		if hasLC && lc.Deprecated != "" && atLeast(lc.Deprecated) {
			d := &Deprecation{GVK: g, Deprecated: true, DeprecatedIn: lc.Deprecated}
			if lc.Removed != "" {
				d.RemovedIn = lc.Removed
			}
			if lc.Replacement != "" && contains(x.Versions[cur].Kinds[lc.Replacement], kind) {
				d.Replacement = lc.Replacement
			}
			return d
		}
		return nil
	}
	d := &Deprecation{GVK: g, Removed: true}
	found := false
	if hasLC && lc.Removed != "" && atLeast(lc.Removed) {
		// Exact: the release that stopped serving it.
		found = true
		d.RemovedIn = lc.Removed
		d.DeprecatedIn = lc.Deprecated
		d.Replacement = lc.Replacement
	}
	for i := cur - 1; i >= 0 && !found; i-- {
		if serves(i) {
			found = true
			d.LastServed = short(x.Versions[i].Version)
			d.FirstMissing = short(x.Versions[i+1].Version)
			if mi, _ := minorOf(d.LastServed); true {
				if mn, _ := minorOf(d.FirstMissing); mn == mi+1 {
					d.RemovedIn = d.FirstMissing
				}
			}
			break
		}
	}
	if !found {
		if rm, ok := removals[g]; ok {
			if mr, _ := minorOf(rm.removedIn); true {
				if mc, _ := minorOf(r.version); mc >= mr {
					found = true
					d.RemovedIn = rm.removedIn
					d.Replacement = rm.replacement
					d.Note = rm.note
				}
			}
		}
	}
	if !found && !servedAnywhere(x.Versions[cur].Kinds, g) {
		// A kind the table knows under another version of the same group
		// (policy/v1 PodSecurityPolicy was never served; policy/v1beta1
		// was removed in 1.25).
		for rg, rm := range removals {
			if rg.Kind == kind && rg.Group() == g.Group() {
				if mr, _ := minorOf(rm.removedIn); true {
					if mc, _ := minorOf(r.version); mc >= mr && (d.RemovedIn == "" || rm.removedIn > d.RemovedIn) {
						found = true
						d.RemovedIn = rm.removedIn
						d.Note = "never served as " + apiVersion + "; " + rg.APIVersion + " " + kind + " was the last version"
						if rm.note != "" {
							d.Note += "; " + rm.note
						}
					}
				}
			}
		}
	}
	if !found {
		for i := cur + 1; i < len(x.Versions); i++ {
			if serves(i) {
				nd := &Deprecation{GVK: g, NotYet: true, IntroducedIn: short(x.Versions[i].Version)}
				if hasLC && lc.Introduced != "" {
					nd.IntroducedIn, nd.IntroducedExact = lc.Introduced, true
				}
				return nd
			}
		}
		return nil
	}
	if rm, ok := removals[g]; ok && d.Note == "" {
		d.Note = rm.note
	}
	if d.Replacement != "" && !contains(x.Versions[cur].Kinds[d.Replacement], kind) {
		d.Replacement = "" // the table's replacement is itself gone
	}
	if d.Replacement == "" {
		d.Replacement = replacementFor(x.Versions[cur].Kinds, g)
	}
	return d
}

// replacementFor picks the apiVersion serving the same kind: same group
// first, then the most stable version (v1 > v1beta2 > v1beta1 > v1alpha1).
func replacementFor(kinds map[string][]string, g GVK) string {
	var cands []string
	for gv, ks := range kinds {
		for _, k := range ks {
			if k == g.Kind {
				cands = append(cands, gv)
			}
		}
	}
	if len(cands) == 0 {
		return ""
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := GVK{APIVersion: cands[i]}, GVK{APIVersion: cands[j]}
		sa, sb := a.Group() == g.Group(), b.Group() == g.Group()
		if sa != sb {
			return sa
		}
		ra, rb := stability(a.Version()), stability(b.Version())
		if ra != rb {
			return ra > rb
		}
		return cands[i] < cands[j]
	})
	return cands[0]
}

// stability ranks Kubernetes API versions: GA above beta above alpha, then
// by number.
func stability(v string) int {
	var major, minor int
	var level string
	if _, err := fmt.Sscanf(v, "v%d%s", &major, &level); err != nil {
		fmt.Sscanf(v, "v%d", &major)
		return major*10000 + 3000
	}
	switch {
	case strings.HasPrefix(level, "beta"):
		fmt.Sscanf(level, "beta%d", &minor)
		return major*10000 + 2000 + minor
	case strings.HasPrefix(level, "alpha"):
		fmt.Sscanf(level, "alpha%d", &minor)
		return major*10000 + 1000 + minor
	}
	return major*10000 + 3000
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// servedAnywhere reports whether the release serves kind g.Kind in g's
// group under any version.
func servedAnywhere(kinds map[string][]string, g GVK) bool {
	for gv, ks := range kinds {
		if (GVK{APIVersion: gv}).Group() == g.Group() && contains(ks, g.Kind) {
			return true
		}
	}
	return false
}
