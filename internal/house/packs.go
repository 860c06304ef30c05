package house

import (
	"embed"
	"fmt"
	"sort"
	"sync"

	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Pack names.
const (
	PackKubernetes = "kubernetes-best-practices"
	PackGitHub     = "github-actions-security"
)

//go:embed packs/*.yaml
var packFS embed.FS

// pack is a built-in pack: rules in the house-rule language (packs/<name>.yaml)
// plus the few written in Go.
type pack struct {
	name    string
	goRules []*Rule
	once    sync.Once
	rules   []*Rule
	err     error
}

var packList = []*pack{
	{name: PackKubernetes, goRules: []*Rule{danglingServiceRule()}},
	{name: PackGitHub},
}

func packs() map[string]*pack {
	m := make(map[string]*pack, len(packList))
	for _, p := range packList {
		m[p.name] = p
	}
	return m
}

// PackNames lists the built-in packs.
func PackNames() []string {
	var out []string
	for _, p := range packList {
		out = append(out, p.name)
	}
	sort.Strings(out)
	return out
}

// source is the pack's file, as shown in positions.
func (p *pack) source() string { return "packs/" + p.name + ".yaml" }

// load compiles the pack's rules, once per process.
func (p *pack) load() ([]*Rule, error) {
	p.once.Do(func() {
		src, err := packFS.ReadFile(p.source())
		if err != nil {
			p.err = err
			return
		}
		f := yamlfile.Parse(p.source(), src, yamlfile.Options{})
		if len(f.Syntax) > 0 || len(f.Docs) == 0 || f.Docs[0].Root == nil {
			p.err = fmt.Errorf("%s does not parse", p.source())
			return
		}
		d := &decoder{f: f, path: p.source(), pack: p.name, seen: map[string]*yamlfile.Node{}}
		for _, item := range items(f.Docs[0].Root.Child("house-rules")) {
			if r := d.rule(item); r != nil {
				p.rules = append(p.rules, r)
			}
		}
		if len(d.diags) > 0 {
			pos := f.Lines.Position(d.diags[0].Range.Start)
			p.err = fmt.Errorf("%s:%d:%d: %s", p.source(), pos.Line, pos.Column, d.diags[0].Message)
			return
		}
		for _, r := range p.goRules {
			r.Pack = p.name
			p.rules = append(p.rules, r)
		}
	})
	return p.rules, p.err
}

// Pack returns the compiled rules of a built-in pack.
func Pack(name string) ([]*Rule, error) {
	p, ok := packs()[name]
	if !ok {
		return nil, fmt.Errorf("unknown pack %q", name)
	}
	return p.load()
}

// The packs' rules are built-in codes, off unless the pack is listed.
// Registering needs only their ids and texts, so the expressions are
// compiled later, when a configuration lists the pack.
func init() {
	for _, p := range packList {
		src, err := packFS.ReadFile(p.source())
		if err != nil {
			panic(err)
		}
		f := yamlfile.Parse(p.source(), src, yamlfile.Options{})
		if len(f.Docs) == 0 || f.Docs[0].Root == nil {
			panic("house: pack " + p.name + " does not parse")
		}
		for _, item := range items(f.Docs[0].Root.Child("house-rules")) {
			r := &Rule{Pack: p.name, Severity: diag.SeverityWarning}
			r.ID, _ = item.Child("id").String()
			r.Description, _ = item.Child("description").String()
			r.Explanation, _ = item.Child("explanation").String()
			r.assertText, _ = item.Child("assert").String()
			if s, ok := item.Child("severity").String(); ok {
				if lvl, err := diag.ParseSeverity(s); err == nil {
					r.Severity = lvl
				}
			}
			if tn := item.Child("target"); tn != nil {
				list := items(tn)
				if tn.Kind == yamlfile.Scalar {
					list = []*yamlfile.Node{tn}
				}
				for _, t := range list {
					s, _ := t.String()
					if tt, msg := parseTarget(s); msg == "" {
						r.Targets = append(r.Targets, tt)
					}
				}
			}
			d := &decoder{f: f, path: p.source()}
			if en := item.Child("examples"); en != nil {
				r.Examples.Valid = d.examples(en.Child("valid"))
				r.Examples.Invalid = d.examples(en.Child("invalid"))
			}
			codes.Register(r.Code())
			packRuleIDs[r.ID] = p.name
		}
		for _, r := range p.goRules {
			r.Pack = p.name
			codes.Register(r.Code())
			packRuleIDs[r.ID] = p.name
		}
	}
}

// IsPackRule reports whether id is a rule of a built-in pack.
func IsPackRule(id string) bool {
	_, ok := packRuleIDs[id]
	return ok
}

var packRuleIDs = map[string]string{}
