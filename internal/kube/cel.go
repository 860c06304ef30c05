package kube

import (
	"fmt"
	"sort"
	"strings"

	"github.com/google/cel-go/cel"

	"github.com/yamlint/yamlint/internal/celenv"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// CodeCEL is the code of a failed x-kubernetes-validations rule.
const CodeCEL = "k8s-cel"

// celNode mirrors the parts of a CRD schema that carry CEL rules
// (x-kubernetes-validations) or lead to some, with the defaults the API
// server applies before evaluating them.
type celNode struct {
	rules []celRule
	// listType "map" (unique listKeys per item) or "set" (unique items):
	// the API server rejects duplicates.
	listType string
	listKeys []string
	// keyDefaults are the defaults of a list-type map's key fields: the
	// API server fills them in before comparing keys (protocol: TCP).
	keyDefaults map[string]any

	defaults map[string]any
	props    map[string]*celNode
	items    *celNode
	addl     *celNode
}

type celRule struct {
	prg       *celenv.Program
	rule      string
	message   string
	fieldPath string
}

// crdEnv is the environment x-kubernetes-validations rules compile in:
// the API server's (internal/celenv: standard CEL, the string, list and
// set extensions, and the Kubernetes libraries for quantities, URLs, IPs,
// CIDRs, regexes and formats), with self. Rules using oldSelf
// (transition rules, checked only on update) are skipped: a linter must
// not guess.
var crdEnv = celenv.NewEnv("crd", "self")

// compileCEL builds the rule tree of a CRD version schema; nil when it has
// no rule that compiles.
func compileCEL(s map[string]any) *celNode {
	if s == nil {
		return nil
	}
	return compileCELNode(s)
}

func compileCELNode(s map[string]any) *celNode {
	n := &celNode{}
	useful := false
	if lt, _ := s["x-kubernetes-list-type"].(string); lt == "map" || lt == "set" {
		n.listType = lt
		itemProps, _ := s["items"].(map[string]any)
		itemProps, _ = itemProps["properties"].(map[string]any)
		for _, k := range asStrings(s["x-kubernetes-list-map-keys"]) {
			n.listKeys = append(n.listKeys, k)
			if p, ok := itemProps[k].(map[string]any); ok && p["default"] != nil {
				if n.keyDefaults == nil {
					n.keyDefaults = map[string]any{}
				}
				n.keyDefaults[k] = jsonValue(p["default"])
			}
		}
		if lt == "set" || len(n.listKeys) > 0 {
			useful = true
		} else {
			n.listType = ""
		}
	}
	if list, ok := s["x-kubernetes-validations"].([]any); ok {
		for _, e := range list {
			m, _ := e.(map[string]any)
			rule, _ := m["rule"].(string)
			if rule == "" || strings.Contains(rule, "oldSelf") {
				continue
			}
			prg, err := celenv.Compile(crdEnv, rule)
			if err != nil {
				continue
			}
			if !prg.Output.IsExactType(cel.BoolType) && !prg.Output.IsExactType(cel.DynType) {
				continue
			}
			msg, _ := m["message"].(string)
			fp, _ := m["fieldPath"].(string)
			n.rules = append(n.rules, celRule{prg: prg, rule: rule, message: msg, fieldPath: fp})
			useful = true
		}
	}
	if props, ok := s["properties"].(map[string]any); ok {
		for name, p := range props {
			pm, ok := p.(map[string]any)
			if !ok {
				continue
			}
			if d, ok := pm["default"]; ok && d != nil {
				if n.defaults == nil {
					n.defaults = map[string]any{}
				}
				n.defaults[name] = jsonValue(d)
			}
			if c := compileCELNode(pm); c != nil {
				if n.props == nil {
					n.props = map[string]*celNode{}
				}
				n.props[name] = c
				useful = true
			}
		}
	}
	if it, ok := s["items"].(map[string]any); ok {
		if c := compileCELNode(it); c != nil {
			n.items = c
			useful = true
		}
	}
	if ap, ok := s["additionalProperties"].(map[string]any); ok {
		if c := compileCELNode(ap); c != nil {
			n.addl = c
			useful = true
		}
	}
	if !useful {
		return nil
	}
	return n
}

// evalCEL evaluates the rules against a value (nulls already stripped)
// and its node, reporting each rule that evaluates to false. A rule that
// errors (a missing optional field, a type the schema already rejects) is
// not reported.
func (n *celNode) eval(f *yamlfile.File, v any, yn *yamlfile.Node, report func(diag.Diagnostic)) {
	if n == nil || v == nil {
		return
	}
	if m, ok := v.(map[string]any); ok && len(n.defaults) > 0 {
		cp := make(map[string]any, len(m)+len(n.defaults))
		for k, e := range n.defaults {
			cp[k] = e
		}
		for k, e := range m {
			cp[k] = e
		}
		v = cp
	}
	for _, r := range n.rules {
		out, err := r.prg.Eval(map[string]any{"self": v})
		if err != nil || out != false {
			continue
		}
		msg := r.message
		if msg == "" {
			msg = "failed rule: " + r.rule
		}
		at := yn
		if r.fieldPath != "" {
			if c := nodeAtFieldPath(yn, r.fieldPath); c != nil {
				at = c
			}
		}
		report(diag.Diagnostic{Range: ruleRange(f, at), Severity: diag.SeverityError, Code: CodeCEL, Message: msg})
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			child := n.props[k]
			if child == nil {
				if n.props != nil {
					continue
				}
				child = n.addl
			}
			if child == nil {
				continue
			}
			cn := yn.Child(k)
			if cn == nil {
				cn = yn // a defaulted field: report on its parent
			}
			child.eval(f, x[k], cn, report)
		}
	case []any:
		n.checkDuplicates(f, x, yn, report)
		if n.items == nil {
			return
		}
		for i, e := range x {
			cn := yn
			if yn != nil && yn.Kind == yamlfile.Sequence && i < len(yn.Children) {
				cn = yn.Children[i]
			}
			n.items.eval(f, e, cn, report)
		}
	}
}

// nodeAtFieldPath follows a rule's fieldPath (".a.b", ".a['b']") from yn.
func nodeAtFieldPath(yn *yamlfile.Node, path string) *yamlfile.Node {
	cur := yn
	for path != "" && cur != nil {
		switch {
		case strings.HasPrefix(path, "."):
			path = path[1:]
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			cur, path = cur.Child(path[:end]), path[end:]
		case strings.HasPrefix(path, "['"):
			end := strings.Index(path, "']")
			if end < 0 {
				return nil
			}
			cur, path = cur.Child(path[2:end]), path[end+2:]
		default:
			return nil
		}
	}
	return cur
}

func ruleRange(f *yamlfile.File, n *yamlfile.Node) diag.Range {
	if n == nil {
		return diag.Range{}
	}
	if n.HasKey {
		return n.KeyRange
	}
	return headOf(f, n)
}

// celRules returns the compiled rules of a CRD schema (once).
func (s *Schema) celRules() *celNode {
	if s.celSource == nil {
		return nil
	}
	s.celOnce.Do(func() { s.cel = compileCEL(s.celSource) })
	return s.cel
}

// CheckCEL evaluates a custom resource's x-kubernetes-validations rules.
func (s *Schema) CheckCEL(f *yamlfile.File, value any, n *yamlfile.Node) []diag.Diagnostic {
	rules := s.celRules()
	if rules == nil {
		return nil
	}
	var out []diag.Diagnostic
	rules.eval(f, value, n, func(d diag.Diagnostic) { out = append(out, d) })
	return out
}

func asStrings(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// checkDuplicates reports items of a list-type map with the same key
// values, or equal items of a list-type set.
func (n *celNode) checkDuplicates(f *yamlfile.File, list []any, yn *yamlfile.Node, report func(diag.Diagnostic)) {
	if n.listType == "" || len(list) < 2 {
		return
	}
	seen := map[string]int{}
	for i, e := range list {
		var key string
		if n.listType == "map" {
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			var parts []string
			for _, k := range n.listKeys {
				v := m[k]
				if v == nil {
					v = n.keyDefaults[k]
				}
				parts = append(parts, fmt.Sprintf("%s=%s", k, showValue(v)))
			}
			key = strings.Join(parts, ", ")
		} else {
			key = showValue(e)
		}
		if first, dup := seen[key]; dup {
			at := yn
			if yn != nil && yn.Kind == yamlfile.Sequence && i < len(yn.Children) {
				at = yn.Children[i]
			}
			what := "item " + key
			if n.listType == "map" {
				what = "entry with " + key
			}
			report(diag.Diagnostic{Range: ruleRange(f, at), Severity: diag.SeverityError, Code: CodeCEL,
				Message: fmt.Sprintf("duplicate %s (same as item %d); the list's items must be unique", what, first+1)})
			continue
		}
		seen[key] = i
	}
}

func showValue(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}
