package lsp

import (
	"context"
	"encoding/json"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
	"github.com/yamlint/yamlint/schemastore"
)

// The schema in use, shown as a code lens at the top of each document (as
// yaml-language-server's schema status), and the commands to pick another.

const (
	// cmdSelectSchema [uri, url?]: with a URL ("" = automatic) sets the
	// file's schema; without, asks the user (window/showMessageRequest).
	cmdSelectSchema = "yamlint.selectSchema"
	// cmdListSchemas returns the schemas one can pick: [{name, url, description}].
	cmdListSchemas = "yamlint.listSchemas"
	// cmdSchemaStatus [uri] returns the schema of the file's first document:
	// {name, url, source, kubernetesVersion}; the VS Code extension shows it
	// in the status bar.
	cmdSchemaStatus = "yamlint.schemaStatus"
)

var serverCommands = []string{cmdSelectSchema, cmdListSchemas, cmdSchemaStatus}

// automaticSchema is the choice that removes a picked schema.
const automaticSchema = "Automatic (modeline, settings, catalog)"

type schemaChoice struct {
	Name        string `json:"name"`
	URL         string `json:"url"`
	Description string `json:"description,omitempty"`
}

var (
	catalogOnce  sync.Once
	catalogNames map[string]schemaChoice
	catalogList  []schemaChoice
)

func builtinChoices() ([]schemaChoice, map[string]schemaChoice) {
	catalogOnce.Do(func() {
		catalogNames = map[string]schemaChoice{}
		c, err := schemastore.BuiltinCatalog()
		if err != nil {
			return
		}
		for _, e := range c.Schemas {
			ch := schemaChoice{Name: e.Name, URL: e.URL, Description: e.Description}
			catalogNames[e.URL] = ch
			catalogList = append(catalogList, ch)
		}
	})
	return catalogList, catalogNames
}

// schemaName is a schema's catalog name, else its file name.
func schemaName(url string) string {
	if url == "" {
		return ""
	}
	_, names := builtinChoices()
	if ch, ok := names[url]; ok {
		return ch.Name
	}
	u := strings.SplitN(url, "#", 2)[0]
	return path.Base(u)
}

// schemaStatus describes the schema a document is checked with.
type schemaStatus struct {
	Name              string `json:"name"`
	URL               string `json:"url"`
	Source            string `json:"source"` // modeline, selected, settings, catalog, kubernetes, "" = none
	KubernetesVersion string `json:"kubernetesVersion,omitempty"`
}

// documentSchema names the schema one document of f is checked with; fa is
// the file's association (fileSchema), computed once per file.
func (s *Server) documentSchema(linter *engine.Linter, p string, fa fileAssociation, d *yamlfile.Document) schemaStatus {
	if a, ok := fa.a, fa.ok; ok {
		picked := fa.picked
		src := a.Source
		switch {
		case picked != "" && a.URL == picked && src == "config":
			src = "selected"
		case src == "config":
			src = "settings"
		}
		return schemaStatus{Name: schemaName(a.URL), URL: a.URL, Source: src}
	}
	k := linter.Kubernetes()
	if k == nil || k.Registry == nil || d.Root == nil || d.Root.Kind != yamlfile.Mapping {
		return schemaStatus{}
	}
	av, _ := d.Root.Child("apiVersion").String()
	kind, _ := d.Root.Child("kind").String()
	if av == "" || kind == "" {
		return schemaStatus{}
	}
	ks, err := k.Registry.Lookup(av, kind)
	if err != nil || ks == nil {
		return schemaStatus{}
	}
	return schemaStatus{URL: ks.URL, Source: "kubernetes", Name: kind + " (" + av + ")", KubernetesVersion: k.Registry.Version()}
}

// fileAssociation is a file's schema association and the schema picked
// for it, if any.
type fileAssociation struct {
	a      schemas.Association
	ok     bool
	picked string
}

func (s *Server) fileSchema(linter *engine.Linter, p string, f *yamlfile.File) fileAssociation {
	s.mu.Lock()
	picked := s.settings.SchemaOverrides[p]
	s.mu.Unlock()
	a, ok := linter.Associate(p, f)
	return fileAssociation{a: a, ok: ok, picked: picked}
}

func (st schemaStatus) title() string {
	switch {
	case st.URL == "":
		return "No schema: select one"
	case st.Source == "kubernetes":
		v := strings.TrimPrefix(st.KubernetesVersion, "v")
		if v == "" {
			v = "bundled"
		}
		return "Kubernetes " + v + ": " + st.Name
	}
	return "Schema: " + st.Name + " (" + st.Source + ")"
}

// codeLenses puts one lens at the top of each document.
func (s *Server) codeLenses(ctx context.Context, snap *snapshot) (any, error) {
	out := []protocol.CodeLens{}
	if snap.doc == nil {
		return out, nil
	}
	f, linter := s.parsed(snap)
	fa := s.fileSchema(linter, snap.path, f)
	for _, d := range f.Docs {
		if d.Root == nil {
			continue
		}
		st := s.documentSchema(linter, snap.path, fa, d)
		start := d.Root.Range.Start
		if d.Root.Kind == yamlfile.Mapping && len(d.Root.Children) > 0 && d.Root.Children[0].HasKey {
			start = min(start, d.Root.Children[0].KeyRange.Start)
		}
		r := toRange(snap.lines, diag.Range{Start: start, End: start})
		out = append(out, protocol.CodeLens{Range: r, Command: &protocol.Command{
			Title: st.title(), Command: cmdSelectSchema, Arguments: []any{string(snap.uri)},
		}})
	}
	return out, nil
}

type executeCommandParams struct {
	Command   string            `json:"command"`
	Arguments []json.RawMessage `json:"arguments"`
}

func (s *Server) executeCommand(ctx context.Context, p executeCommandParams) (any, error) {
	arg := func(i int) (string, bool) {
		if i >= len(p.Arguments) {
			return "", false
		}
		var v string
		if json.Unmarshal(p.Arguments[i], &v) != nil {
			return "", false
		}
		return v, true
	}
	switch p.Command {
	case cmdListSchemas:
		return s.schemaChoices(), nil
	case cmdSchemaStatus:
		u, ok := arg(0)
		if !ok {
			return nil, errInvalidParams("%s needs the document URI", p.Command)
		}
		snap, _ := s.snapshot(protocol.DocumentURI(u))
		if snap.doc == nil {
			return schemaStatus{}, nil
		}
		f, linter := s.parsed(snap)
		var d *yamlfile.Document
		for _, doc := range f.Docs {
			if doc.Root != nil {
				d = doc
				break
			}
		}
		if d == nil {
			return schemaStatus{}, nil
		}
		return s.documentSchema(linter, snap.path, s.fileSchema(linter, snap.path, f), d), nil
	case cmdSelectSchema:
		u, ok := arg(0)
		if !ok {
			return nil, errInvalidParams("%s needs the document URI", p.Command)
		}
		url, given := arg(1)
		if !given {
			var err error
			if url, ok, err = s.askSchema(ctx); err != nil || !ok {
				return nil, err
			}
		}
		s.setSchema(docPath(protocol.DocumentURI(u)), url)
		return nil, nil
	}
	return nil, errInvalidParams("unknown command %q", p.Command)
}

// schemaChoices lists the built-in catalog's schemas and those of the
// yaml.schemas setting.
func (s *Server) schemaChoices() []schemaChoice {
	list, _ := builtinChoices()
	out := append([]schemaChoice(nil), list...)
	s.mu.Lock()
	root := s.root
	var refs []string
	for ref := range s.settings.Schemas {
		if ref != "kubernetes" {
			refs = append(refs, ref)
		}
	}
	s.mu.Unlock()
	sort.Strings(refs)
	for _, ref := range refs {
		out = append(out, schemaChoice{Name: ref, URL: schemas.ResolveRef(ref, root), Description: "from yaml.schemas"})
	}
	return out
}

// askSchema lets the user pick a schema with window/showMessageRequest.
func (s *Server) askSchema(ctx context.Context) (string, bool, error) {
	choices := s.schemaChoices()
	actions := []protocol.MessageActionItem{{Title: automaticSchema}}
	for _, c := range choices {
		actions = append(actions, protocol.MessageActionItem{Title: c.Name})
	}
	var picked *protocol.MessageActionItem
	if _, err := s.conn.Call(ctx, "window/showMessageRequest", &protocol.ShowMessageRequestParams{
		Type: protocol.MessageTypeInfo, Message: "Schema for this file:", Actions: actions}, &picked); err != nil {
		return "", false, err
	}
	if picked == nil {
		return "", false, nil
	}
	if picked.Title == automaticSchema {
		return "", true, nil
	}
	for _, c := range choices {
		if c.Name == picked.Title {
			return c.URL, true, nil
		}
	}
	return "", false, nil
}

// setSchema makes url the schema of the file at p ("" = back to the
// automatic choice) and re-checks the open documents.
func (s *Server) setSchema(p, url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := map[string]string{}
	for k, v := range s.settings.SchemaOverrides {
		next[k] = v
	}
	if url == "" {
		delete(next, p)
	} else {
		next[p] = url
	}
	s.settings.SchemaOverrides = next
	s.logf("schema of %s set to %q", p, url)
	s.reloadLocked()
}

// overrideRules turns picked schemas into association rules matching
// exactly their files.
func overrideRules(o map[string]string) []schemas.Rule {
	paths := make([]string, 0, len(o))
	for p := range o {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var out []schemas.Rule
	for _, p := range paths {
		abs := p
		if a, err := filepath.Abs(p); err == nil {
			abs = a
		}
		out = append(out, schemas.Rule{URL: o[p], Patterns: []string{filepath.ToSlash(abs)}, Source: "config"})
	}
	return out
}
