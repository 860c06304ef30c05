package lsp

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/rules"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// TestFormatCorpus formats the YAML files of the corpus with the default
// configuration and with every yaml.format setting changed: each file that
// parses keeps its data and comments, formatting the output again changes
// nothing, and (default settings) the output has no problem left that a
// safe fix of the configuration's style rules would fix. Every tenth file
// by default; YAMLINT_FORMAT_CORPUS=full formats all (several minutes).
func TestFormatCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("formats the corpus")
	}
	all := corpus.YAMLFiles(t, ".")
	files := all
	if os.Getenv("YAMLINT_FORMAT_CORPUS") != "full" {
		files = nil
		for i := 0; i < len(all); i += 10 {
			files = append(files, all[i])
		}
	}
	variants := []struct {
		name string
		fs   FormatSettings
		tab  int
	}{
		{"defaults", defaultFormat(), 2},
		{"single-4-nospace-always-60", FormatSettings{Enable: true, SingleQuote: true, BracketSpacing: false, ProseWrap: "always", PrintWidth: 60}, 4},
		{"never", FormatSettings{Enable: true, BracketSpacing: true, ProseWrap: "never", PrintWidth: 80}, 2},
	}
	cfg := config.Default(".")
	// The configuration's own style rules, as configured: what "clean"
	// means for the formatted output.
	var active []formatRun
	var activeIDs []string
	for _, r := range rules.All() {
		if on, values := activeRule(cfg, r); on && r.Category == "style" {
			opts, err := r.DecodeOptions(values)
			if err != nil {
				t.Fatalf("%s: %v", r.ID, err)
			}
			active = append(active, formatRun{rule: r, opts: opts})
			activeIDs = append(activeIDs, r.ID)
		}
	}
	for vi, v := range variants {
		var parsed, changed, refused, unstable, unclean int
		for _, p := range files {
			src, err := os.ReadFile(p)
			if err != nil || len(src) > 1<<20 {
				continue
			}
			f := yamlfile.Parse(p, src, yamlfile.Options{})
			if !formattable(f) {
				continue
			}
			parsed++
			out, err := formatText(cfg, p, src, v.fs, v.tab)
			if errors.Is(err, errDataChanged) {
				refused++
				continue
			}
			if err != nil {
				t.Errorf("%s: %s: %v", v.name, p, err)
				continue
			}
			g := yamlfile.Parse(p, out, yamlfile.Options{})
			if dataOf(g) != dataOf(f) {
				t.Errorf("%s: %s: formatting changed the data", v.name, p)
			}
			if !bytes.Equal(out, src) {
				changed++
			}
			if vi == 0 {
				if left := safeFixes(styleDiagnostics(cfg, p, g, active, activeIDs)); len(left) > 0 {
					unclean++
					if unclean <= 5 {
						t.Errorf("%s: %s: formatted output still has %d safely fixable problems, first %s %q", v.name, p, len(left), left[0].Code, left[0].Message)
					}
				}
			}
			again, err := formatText(cfg, p, out, v.fs, v.tab)
			if err != nil || !bytes.Equal(again, out) {
				unstable++
				if unstable <= 5 {
					t.Errorf("%s: %s: a second format changes the text (err %v)", v.name, p, err)
				}
			}
		}
		t.Logf("%s: %d of %d files parse; %d changed by formatting; %d refused (the data would change); %d not stable on a second format; %d with safely fixable style problems left (defaults only)",
			v.name, parsed, len(files), changed, refused, unstable, unclean)
	}
}
