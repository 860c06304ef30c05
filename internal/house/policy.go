package house

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/yamlint/yamlint/internal/celenv"
	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// PolicyCode is the code of a manifest that a ValidatingAdmissionPolicy
// would deny.
const PolicyCode = "admission-policy"

// policyEnv is the environment of ValidatingAdmissionPolicy expressions,
// with the variables the API server declares (authorizer excepted: there
// is no cluster to ask).
var policyEnv = celenv.NewEnv("vap", "object", "oldObject", "request", "params", "namespaceObject", "variables")

// Policies are the ValidatingAdmissionPolicies (and their bindings) a
// configuration evaluates against the manifests.
type Policies struct {
	list []*policy
}

// Empty reports whether there is no policy.
func (p *Policies) Empty() bool { return p == nil || len(p.list) == 0 }

type policy struct {
	name      string
	source    string // file:line
	paramKind *gvk
	match     matchResources
	conds     []namedExpr
	vars      []namedExpr
	checks    []validation
	bindings  []*binding
	// params found in the policy files themselves.
	inlineParams []*yamlfile.Node
}

type gvk struct{ apiVersion, kind string }

type namedExpr struct {
	name string
	prg  *celenv.Program
}

type validation struct {
	expr        string
	prg         *celenv.Program
	message     string
	messageExpr *celenv.Program
	reason      string
}

type binding struct {
	name     string
	paramRef *paramRef
	match    *matchResources
	actions  []string
}

type paramRef struct {
	name, namespace string
	selector        map[string]any
	denyIfMissing   bool
}

type matchResources struct {
	rules, exclude []resourceRule
	objectSel      map[string]any
	namespaceSel   map[string]any
	binding        bool
}

type resourceRule struct {
	groups, versions, resources, operations []string
}

// LoadPolicies reads ValidatingAdmissionPolicy and binding objects from
// files (YAML, several documents each). at names where each path is
// configured, for errors.
func LoadPolicies(paths []string, at []string) (*Policies, error) {
	ps := &Policies{}
	var bindings []*binding
	var bindingPolicy []string
	var others []*yamlfile.Node
	var errs []string
	for i, p := range paths {
		src, err := safefs.ReadFile(p, safefs.DefaultMaxSize)
		if err != nil {
			where := ""
			if i < len(at) {
				where = at[i] + ": "
			}
			errs = append(errs, fmt.Sprintf("%sadmission policy %s: %v", where, p, unwrapPathErr(err)))
			continue
		}
		f := yamlfile.Parse(p, src, yamlfile.Options{})
		if len(f.Syntax) > 0 {
			pos := f.Lines.Position(f.Syntax[0].Range.Start)
			errs = append(errs, fmt.Sprintf("%s:%d:%d: %s", p, pos.Line, pos.Column, f.Syntax[0].Message))
			continue
		}
		for _, d := range f.Docs {
			root := d.Root
			if !isKubeObject(root) {
				continue
			}
			av, _ := root.Child("apiVersion").String()
			kind, _ := root.Child("kind").String()
			if !strings.HasPrefix(av, "admissionregistration.k8s.io/") {
				others = append(others, root)
				continue
			}
			switch kind {
			case "ValidatingAdmissionPolicy":
				pol, perrs := parsePolicy(f, root)
				errs = append(errs, perrs...)
				if pol != nil {
					ps.list = append(ps.list, pol)
				}
			case "ValidatingAdmissionPolicyBinding":
				b, name := parseBinding(root)
				bindings = append(bindings, b)
				bindingPolicy = append(bindingPolicy, name)
			}
		}
	}
	for i, b := range bindings {
		for _, pol := range ps.list {
			if pol.name == bindingPolicy[i] {
				pol.bindings = append(pol.bindings, b)
			}
		}
	}
	for _, pol := range ps.list {
		if pol.paramKind == nil {
			continue
		}
		for _, o := range others {
			av, _ := o.Child("apiVersion").String()
			k, _ := o.Child("kind").String()
			if av == pol.paramKind.apiVersion && k == pol.paramKind.kind {
				pol.inlineParams = append(pol.inlineParams, o)
			}
		}
	}
	if len(errs) > 0 {
		return ps, errors.New(strings.Join(errs, "\n"))
	}
	return ps, nil
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func parsePolicy(f *yamlfile.File, root *yamlfile.Node) (*policy, []string) {
	pos := func(n *yamlfile.Node) string {
		p := f.Lines.Position(n.Range.Start)
		return fmt.Sprintf("%s:%d:%d", f.Path, p.Line, p.Column)
	}
	name, _ := root.Child("metadata").Child("name").String()
	pol := &policy{name: name, source: pos(root)}
	spec := root.Child("spec")
	var errs []string
	compile := func(n *yamlfile.Node, what string) *celenv.Program {
		expr, _ := n.String()
		prg, err := celenv.Compile(policyEnv, expr)
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, "'authorizer'") {
				msg += " (authorizer checks need a cluster; yamlint cannot evaluate them)"
			}
			errs = append(errs, fmt.Sprintf("%s: ValidatingAdmissionPolicy %s: %s: %s", pos(n), name, what, msg))
		}
		return prg
	}
	if pk := spec.Child("paramKind"); pk != nil {
		av, _ := pk.Child("apiVersion").String()
		k, _ := pk.Child("kind").String()
		pol.paramKind = &gvk{av, k}
	}
	pol.match = parseMatch(spec.Child("matchConstraints"))
	for _, c := range items(spec.Child("matchConditions")) {
		n, _ := c.Child("name").String()
		if prg := compile(c.Child("expression"), "matchCondition "+n); prg != nil {
			pol.conds = append(pol.conds, namedExpr{n, prg})
		}
	}
	for _, v := range items(spec.Child("variables")) {
		n, _ := v.Child("name").String()
		if prg := compile(v.Child("expression"), "variable "+n); prg != nil {
			pol.vars = append(pol.vars, namedExpr{n, prg})
		}
	}
	for _, v := range items(spec.Child("validations")) {
		expr, _ := v.Child("expression").String()
		val := validation{expr: expr}
		val.prg = compile(v.Child("expression"), "validation")
		val.message, _ = v.Child("message").String()
		val.reason, _ = v.Child("reason").String()
		if me := v.Child("messageExpression"); me != nil {
			val.messageExpr = compile(me, "messageExpression")
		}
		if val.prg != nil {
			pol.checks = append(pol.checks, val)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return pol, nil
}

func parseBinding(root *yamlfile.Node) (*binding, string) {
	spec := root.Child("spec")
	name, _ := root.Child("metadata").Child("name").String()
	b := &binding{name: name}
	pol, _ := spec.Child("policyName").String()
	if pr := spec.Child("paramRef"); pr != nil {
		ref := &paramRef{}
		ref.name, _ = pr.Child("name").String()
		ref.namespace, _ = pr.Child("namespace").String()
		ref.selector, _ = nodeValue(pr.Child("selector")).(map[string]any)
		a, _ := pr.Child("parameterNotFoundAction").String()
		ref.denyIfMissing = a == "Deny"
		b.paramRef = ref
	}
	if mr := spec.Child("matchResources"); mr != nil {
		m := parseMatch(mr)
		m.binding = true
		b.match = &m
	}
	for _, a := range items(spec.Child("validationActions")) {
		s, _ := a.String()
		b.actions = append(b.actions, s)
	}
	return b, pol
}

func parseMatch(n *yamlfile.Node) matchResources {
	var m matchResources
	rules := func(list *yamlfile.Node) []resourceRule {
		var out []resourceRule
		for _, r := range items(list) {
			out = append(out, resourceRule{
				groups: strs(r.Child("apiGroups")), versions: strs(r.Child("apiVersions")),
				resources: strs(r.Child("resources")), operations: strs(r.Child("operations")),
			})
		}
		return out
	}
	m.rules = rules(n.Child("resourceRules"))
	m.exclude = rules(n.Child("excludeResourceRules"))
	m.objectSel, _ = nodeValue(n.Child("objectSelector")).(map[string]any)
	m.namespaceSel, _ = nodeValue(n.Child("namespaceSelector")).(map[string]any)
	return m
}

func strs(n *yamlfile.Node) []string {
	var out []string
	for _, c := range items(n) {
		if s, ok := c.String(); ok {
			out = append(out, s)
		}
	}
	return out
}

// wantsParam reports whether an input object is of a kind some policy
// takes as its parameter.
func (p *Policies) wantsParam(root *yamlfile.Node) bool {
	if p.Empty() {
		return false
	}
	av, _ := root.Child("apiVersion").String()
	k, _ := root.Child("kind").String()
	if k == "Namespace" && av == "v1" {
		return true
	}
	for _, pol := range p.list {
		if pol.paramKind != nil && pol.paramKind.apiVersion == av && pol.paramKind.kind == k {
			return true
		}
	}
	return false
}

// mayHoldParam reports whether a file's text may hold a Namespace or a
// parameter object of some policy (a cheap filter before parsing).
func (p *Policies) mayHoldParam(src []byte) bool {
	if p.Empty() {
		return false
	}
	if bytes.Contains(src, []byte("Namespace")) {
		return true
	}
	for _, pol := range p.list {
		if pol.paramKind != nil && bytes.Contains(src, []byte(pol.paramKind.kind)) {
			return true
		}
	}
	return false
}

// resources maps built-in kinds to their resource (plural) names; other
// kinds get the lower-cased kind plus "s" ("es" after s, x, ch, sh; "ies"
// for a consonant and y), which is what CRDs almost always declare.
var resources = map[string]string{
	"Endpoints": "endpoints", "PodSecurityPolicy": "podsecuritypolicies", "Ingress": "ingresses",
	"IngressClass": "ingressclasses", "NetworkPolicy": "networkpolicies", "PriorityClass": "priorityclasses",
	"StorageClass": "storageclasses", "RuntimeClass": "runtimeclasses", "ResourceQuota": "resourcequotas",
	"ValidatingAdmissionPolicy": "validatingadmissionpolicies", "MutatingAdmissionPolicy": "mutatingadmissionpolicies",
	"ComponentStatus": "componentstatuses", "PodDisruptionBudget": "poddisruptionbudgets",
}

// ResourceOf returns the resource name of a kind.
func ResourceOf(kind string) string {
	if r, ok := resources[kind]; ok {
		return r
	}
	l := strings.ToLower(kind)
	switch {
	case strings.HasSuffix(l, "s"), strings.HasSuffix(l, "x"), strings.HasSuffix(l, "ch"), strings.HasSuffix(l, "sh"):
		return l + "es"
	case strings.HasSuffix(l, "y") && len(l) > 1 && !strings.ContainsAny(l[len(l)-2:len(l)-1], "aeiou"):
		return l[:len(l)-1] + "ies"
	}
	return l + "s"
}

func anyMatch(list []string, v string) bool {
	for _, x := range list {
		if x == "*" || x == v {
			return true
		}
	}
	return false
}

func (r resourceRule) matches(group, version, resource string) bool {
	if len(r.operations) > 0 && !anyMatch(r.operations, "CREATE") {
		return false
	}
	return anyMatch(r.groups, group) && anyMatch(r.versions, version) && anyMatch(r.resources, resource)
}

func (m *matchResources) matches(obj, ns *yamlfile.Node, group, version, resource string) bool {
	// A binding's matchResources without resourceRules narrows by its
	// selectors only.
	ok := len(m.rules) == 0 && m.binding
	for _, r := range m.rules {
		if r.matches(group, version, resource) {
			ok = true
			break
		}
	}
	if !ok {
		return false
	}
	for _, r := range m.exclude {
		if r.matches(group, version, resource) {
			return false
		}
	}
	if !selectorMatches(m.objectSel, stringMap(obj.Child("metadata").Child("labels"))) {
		return false
	}
	if len(m.namespaceSel) > 0 {
		// The namespace's labels are known only when the Namespace object
		// is among the inputs; otherwise the policy is not applied.
		if ns == nil {
			return false
		}
		return selectorMatches(m.namespaceSel, stringMap(ns.Child("metadata").Child("labels")))
	}
	return true
}

// selectorMatches evaluates a label selector (matchLabels and
// matchExpressions); an empty selector matches everything.
func selectorMatches(sel map[string]any, labels map[string]string) bool {
	if len(sel) == 0 {
		return true
	}
	if ml, ok := sel["matchLabels"].(map[string]any); ok {
		for k, v := range ml {
			if labels[k] != fmt.Sprint(v) {
				return false
			}
		}
	}
	exprs, _ := sel["matchExpressions"].([]any)
	for _, e := range exprs {
		m, _ := e.(map[string]any)
		key, _ := m["key"].(string)
		op, _ := m["operator"].(string)
		var vals []string
		for _, v := range asList(m["values"]) {
			vals = append(vals, fmt.Sprint(v))
		}
		v, has := labels[key]
		switch op {
		case "In":
			if !has || !contains(vals, v) {
				return false
			}
		case "NotIn":
			if has && contains(vals, v) {
				return false
			}
		case "Exists":
			if !has {
				return false
			}
		case "DoesNotExist":
			if has {
				return false
			}
		}
	}
	return true
}

func asList(v any) []any { l, _ := v.([]any); return l }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// check evaluates every policy on the Kubernetes objects of a file.
func (p *Policies) check(s *Set, path string, f *yamlfile.File, docs []Doc, report func(diag.Diagnostic)) {
	for _, d := range docs {
		root := d.Doc.Root
		if root == nil || !isKubeObject(root) {
			continue
		}
		for _, pol := range p.list {
			pol.evaluate(s, f, root, report)
		}
	}
}

func (pol *policy) evaluate(s *Set, f *yamlfile.File, obj *yamlfile.Node, report func(diag.Diagnostic)) {
	av, _ := obj.Child("apiVersion").String()
	kind, _ := obj.Child("kind").String()
	group, version, found := strings.Cut(av, "/")
	if !found {
		group, version = "", av
	}
	resource := ResourceOf(kind)
	name, _ := obj.Child("metadata").Child("name").String()
	ns, _ := obj.Child("metadata").Child("namespace").String()
	nsObj := s.namespaceObject(ns)
	if !pol.match.matches(obj, nsObj, group, version, resource) {
		return
	}
	bindings := pol.bindings
	if len(bindings) == 0 {
		bindings = []*binding{{actions: []string{"Deny"}}} // unbound: evaluate as if bound to everything
	}
	request := map[string]any{
		"operation": "CREATE", "name": name, "namespace": ns, "dryRun": false,
		"kind":     map[string]any{"group": group, "version": version, "kind": kind},
		"resource": map[string]any{"group": group, "version": version, "resource": resource},
		"userInfo": map[string]any{"username": "", "groups": []any{}},
		"object":   obj.Value,
	}
	for _, b := range bindings {
		if b.match != nil && !b.match.matches(obj, nsObj, group, version, resource) {
			continue
		}
		params := []any{nil}
		if pol.paramKind != nil {
			params = pol.findParams(s, b.paramRef, ns)
			if len(params) == 0 {
				continue // no parameter object among the inputs: nothing to evaluate against
			}
		}
		for _, param := range params {
			pol.evalWith(f, obj, b, map[string]any{"object": obj.Value, "oldObject": nil, "request": request,
				"params": param, "namespaceObject": nodeValue(nsObj)}, report)
		}
	}
}

func (pol *policy) evalWith(f *yamlfile.File, obj *yamlfile.Node, b *binding, vars map[string]any, report func(diag.Diagnostic)) {
	for _, c := range pol.conds {
		out, err := c.prg.Eval(vars)
		if err != nil {
			return // a failing match condition: the API server applies failurePolicy; offline, skip
		}
		if ok, _ := out.(bool); !ok {
			return
		}
	}
	variables := map[string]any{}
	vars["variables"] = variables
	for _, v := range pol.vars {
		out, err := v.prg.EvalVal(vars)
		if err == nil {
			variables[v.name] = out
		}
	}
	sev := diag.SeverityError
	if len(b.actions) > 0 && !contains(b.actions, "Deny") {
		sev = diag.SeverityWarning
		if !contains(b.actions, "Warn") {
			sev = diag.SeverityInfo
		}
	}
	at := headOf(f, obj)
	if k := obj.Child("kind"); k != nil {
		at = diag.Range{Start: k.KeyRange.Start, End: k.Range.End}
	}
	for _, c := range pol.checks {
		out, err := c.prg.Eval(vars)
		var msg string
		switch {
		case celenv.CostExceeded(err):
			msg = fmt.Sprintf("expression %q exceeded the cost limit", c.expr)
		case err != nil:
			msg = fmt.Sprintf("expression %q could not be evaluated: %v", c.expr, err)
		case out == false:
			msg = c.message
			if c.messageExpr != nil {
				if m, err := c.messageExpr.Eval(vars); err == nil {
					if s, ok := m.(string); ok && s != "" {
						msg = s
					}
				}
			}
			if msg == "" {
				msg = fmt.Sprintf("failed expression: %s", c.expr)
			}
		default:
			continue
		}
		report(diag.Diagnostic{Range: at, Severity: sev, Code: PolicyCode,
			Message: fmt.Sprintf("ValidatingAdmissionPolicy %s denies this object: %s", pol.name, msg),
			Detail:  "policy at " + pol.source})
	}
}

// findParams returns the parameter objects a binding refers to, from the
// policy files and the inputs.
func (pol *policy) findParams(s *Set, ref *paramRef, objNS string) []any {
	if ref == nil {
		return nil
	}
	candidates := append([]*yamlfile.Node(nil), pol.inlineParams...)
	if inv := s.inventory; inv != nil {
		inv.mu.RLock()
		for _, o := range inv.objects {
			av, _ := o.Child("apiVersion").String()
			k, _ := o.Child("kind").String()
			if av == pol.paramKind.apiVersion && k == pol.paramKind.kind {
				candidates = append(candidates, o)
			}
		}
		inv.mu.RUnlock()
	}
	var out []any
	seen := map[string]bool{}
	for _, c := range candidates {
		name, _ := c.Child("metadata").Child("name").String()
		ns, _ := c.Child("metadata").Child("namespace").String()
		wantNS := ref.namespace
		if wantNS == "" {
			wantNS = objNS
		}
		if ns != "" && wantNS != "" && ns != wantNS {
			continue
		}
		if ref.name != "" && name != ref.name {
			continue
		}
		if ref.name == "" && !selectorMatches(ref.selector, stringMap(c.Child("metadata").Child("labels"))) {
			continue
		}
		key := ns + "/" + name
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, c.Value)
	}
	return out
}

// namespaceObject returns the Namespace object named ns among the inputs.
func (s *Set) namespaceObject(ns string) *yamlfile.Node {
	if ns == "" || s.inventory == nil {
		return nil
	}
	inv := s.inventory
	inv.mu.RLock()
	defer inv.mu.RUnlock()
	for _, o := range inv.objects {
		k, _ := o.Child("kind").String()
		n, _ := o.Child("metadata").Child("name").String()
		if k == "Namespace" && n == ns {
			return o
		}
	}
	return nil
}

// PolicyNames lists the loaded policies, for messages and tests.
func (p *Policies) PolicyNames() []string {
	if p == nil {
		return nil
	}
	var out []string
	for _, pol := range p.list {
		out = append(out, pol.name)
	}
	sort.Strings(out)
	return out
}

// absPaths resolves paths against dir.
func absPaths(dir string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		out[i] = p
	}
	return out
}

func init() {
	codes.Register(codes.Code{ID: PolicyCode, Category: codes.CategoryKubernetes, DefaultSeverity: diag.SeverityError,
		DefaultEnabled: true, Silenceable: true,
		Summary: "A ValidatingAdmissionPolicy configured with admission-policies (or --admission-policy) would deny this object.",
		Explanation: "A ValidatingAdmissionPolicy configured with `admission-policies:` (or `--admission-policy PATH`) " +
			"would deny this object: one of its validations evaluates to false (or cannot be evaluated) for it. " +
			"The policy's matchConstraints, matchConditions, variables and params (from a parameter object among " +
			"the inputs or in the policy files) are evaluated as the API server would on CREATE; a binding's " +
			"validationActions set the severity (Deny: error, Warn: warning, Audit: info).\n\n" +
			"**Bad** (with a policy requiring `object.spec.replicas <= 5`)\n```yaml\napiVersion: apps/v1\nkind: Deployment\n" +
			"metadata: {name: web}\nspec:\n  replicas: 10\n```\n\n**Good**\n```yaml\napiVersion: apps/v1\nkind: Deployment\n" +
			"metadata: {name: web}\nspec:\n  replicas: 3\n```\n"})
}
