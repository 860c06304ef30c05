package lsp

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// TestFormatCorpus formats every YAML file of the corpus with the default
// configuration and with every yaml.format setting changed: each file that
// parses keeps its data and comments, and formatting the output again
// changes nothing.
func TestFormatCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("formats the whole corpus")
	}
	files := corpus.YAMLFiles(t, ".")
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
	for _, v := range variants {
		var parsed, changed, refused, unstable int
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
			again, err := formatText(cfg, p, out, v.fs, v.tab)
			if err != nil || !bytes.Equal(again, out) {
				unstable++
				if unstable <= 5 {
					t.Errorf("%s: %s: a second format changes the text (err %v)", v.name, p, err)
				}
			}
		}
		t.Logf("%s: %d files parse; %d changed by formatting; %d refused (the data would change); %d not stable on a second format",
			v.name, parsed, changed, refused, unstable)
	}
}
