package config

import (
	"fmt"

	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/suggest"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// checkSeverityCodes reports `severity:` entries naming a code nobody emits
// (with "did you mean"), and `off` for a code that cannot be silenced. Codes
// declared by the file's own house rules count as known.
func (c *Config) checkSeverityCodes(root *yamlfile.Node, p *problems) {
	sev := root.Child("severity")
	if sev == nil || sev.Kind != yamlfile.Mapping {
		return
	}
	house := map[string]bool{}
	if hr := root.Child("house-rules"); hr != nil {
		for _, item := range hr.Children {
			if id, ok := item.Value.(map[string]any)["id"].(string); ok {
				house[id] = true
			}
		}
	}
	ids := codes.Builtin().IDs()
	for id := range house {
		ids = append(ids, id)
	}
	for _, n := range sev.Children {
		if house[n.Key] {
			continue
		}
		code := codes.Lookup(n.Key)
		if code == nil {
			msg := fmt.Sprintf("unknown code %q", n.Key)
			if s := suggest.Closest(n.Key, ids); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			p.add(n.KeyRange, "%s (yamlint --list-codes lists every code)", msg)
			continue
		}
		if s, _ := n.Value.(string); !code.Silenceable {
			if lvl, err := diag.ParseSeverity(s); err == nil && lvl == diag.SeverityNone {
				p.add(n.Range, "%q cannot be switched off", n.Key)
			}
		}
	}
}
