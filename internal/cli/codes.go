package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/suggest"
)

// runCodes answers --explain CODE and --list-codes from the code registry
// (the built-in codes and the house rules of the configuration in force).
func runCodes(o options, stdout, stderr io.Writer) int {
	cfg, code := loadConfig(o.configPath, io.Discard, stderr)
	if cfg == nil {
		return code
	}
	reg := codes.Builtin()
	if l, err := engine.New(cfg, engine.Options{}); err == nil {
		reg = l.Codes() // with the configuration's house rules
	}
	if o.explain != "" {
		c := reg.Lookup(o.explain)
		if c == nil {
			msg := fmt.Sprintf("yamlint: --explain: unknown code %q", o.explain)
			if s := suggest.Closest(o.explain, reg.IDs()); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			fmt.Fprintln(stderr, msg+" (yamlint --list-codes lists every code)")
			return ExitFailure
		}
		fmt.Fprint(stdout, explainText(c))
		return ExitOK
	}
	switch o.format {
	case "json":
		type entry struct {
			Code        string `json:"code"`
			Category    string `json:"category"`
			Severity    string `json:"severity"`
			Enabled     bool   `json:"enabled"`
			Silenceable bool   `json:"silenceable"`
			Summary     string `json:"summary"`
			Source      string `json:"source,omitempty"`
		}
		out := []entry{}
		for _, c := range reg.All() {
			out = append(out, entry{Code: c.ID, Category: c.Category, Severity: c.DefaultSeverity.String(), Enabled: c.DefaultEnabled,
				Silenceable: c.Silenceable, Summary: c.Summary, Source: c.Source})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return ExitFailure
		}
	case "text", "":
		for _, c := range reg.All() {
			state := "on"
			if !c.DefaultEnabled {
				state = "off"
			}
			fmt.Fprintf(stdout, "%-34s %-11s %-8s %-3s %s\n", c.ID, c.Category, c.DefaultSeverity, state, c.Summary)
		}
	default:
		fmt.Fprintf(stderr, "yamlint: --list-codes prints text or json, not %q\n", o.format)
		return ExitFailure
	}
	return ExitOK
}

// explainText is --explain's output for c.
func explainText(c *codes.Code) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, default %s", c.ID, c.Category, c.DefaultSeverity)
	if !c.DefaultEnabled {
		b.WriteString(", off unless configured")
	}
	if !c.Silenceable {
		b.WriteString(", cannot be disabled")
	}
	b.WriteString(")\n\n")
	b.WriteString(c.Summary)
	b.WriteString("\n")
	if c.Explanation != "" {
		b.WriteString("\n")
		b.WriteString(strings.TrimRight(c.Explanation, "\n"))
		b.WriteString("\n")
	}
	if c.Source != "" {
		fmt.Fprintf(&b, "\nDeclared at %s.\n", c.Source)
	}
	return b.String()
}

// flagErrorMessage turns pflag's error into one line, with "did you mean"
// for an unknown flag close to a real one.
func flagErrorMessage(fl *pflag.FlagSet, err error) string {
	msg := err.Error()
	const unknown = "unknown flag: --"
	if i := strings.Index(msg, unknown); i >= 0 {
		name := msg[i+len(unknown):]
		if j := strings.IndexAny(name, " ="); j >= 0 {
			name = name[:j]
		}
		var names []string
		fl.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		if s := suggest.Closest(name, names); s != "" {
			msg += fmt.Sprintf("; did you mean --%s?", s)
		}
	}
	return msg
}
