package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"golang.org/x/sync/errgroup"

	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/textpos"
)

// Workspace diagnostics (LSP 3.17 workspace/diagnostic) check every YAML
// file of the workspace folders that is not open in the editor, streaming
// the reports as partial results, and the watched files keep schemas and
// CustomResourceDefinitions current.

// wsState is the server's workspace-wide state, guarded by Server.mu.
type wsState struct {
	folders []string
	// changed is closed (and replaced) when something may change the
	// workspace's diagnostics: a watched file, a save, settings.
	changed chan struct{}
	// crdFiles are files known to hold CustomResourceDefinitions (from the
	// watched files and workspace scans); every new linter registers them.
	crdFiles map[string]bool
	index    *indexCache // semantic completion's workspace index (semantic.go)
}

// maxWorkspaceFiles bounds one workspace check.
const maxWorkspaceFiles = 50000

// workspaceSkipDirs are never walked (as the CLI's).
var workspaceSkipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true}

type previousResultID struct {
	URI   protocol.DocumentURI `json:"uri"`
	Value string               `json:"value"`
}

type workspaceDiagnosticParams struct {
	Identifier         string             `json:"identifier,omitempty"`
	PreviousResultIDs  []previousResultID `json:"previousResultIds"`
	WorkDoneToken      json.RawMessage    `json:"workDoneToken,omitempty"`
	PartialResultToken json.RawMessage    `json:"partialResultToken,omitempty"`
}

// workspaceDocumentReport is a full or unchanged report for one file;
// version is null: the file is not open.
type workspaceDocumentReport struct {
	Kind     string                 `json:"kind"`
	URI      protocol.DocumentURI   `json:"uri"`
	Version  *int32                 `json:"version"`
	ResultID string                 `json:"resultId,omitempty"`
	Items    *[]protocol.Diagnostic `json:"items,omitempty"`
}

type workspaceDiagnosticReport struct {
	Items []workspaceDocumentReport `json:"items"`
}

func (s *Server) wsLocked() *wsState {
	if s.ws == nil {
		s.ws = &wsState{changed: make(chan struct{}), crdFiles: map[string]bool{}, index: &indexCache{}}
	}
	return s.ws
}

// workspaceTouchedLocked wakes a waiting workspace/diagnostic request.
func (s *Server) workspaceTouchedLocked() {
	ws := s.wsLocked()
	close(ws.changed)
	ws.changed = make(chan struct{})
}

// workspaceFiles lists the YAML files of the workspace folders that are not
// open, with a result id that changes with the file and the settings.
func (s *Server) workspaceFiles(ctx context.Context) (files []string, ids map[string]string) {
	s.mu.Lock()
	folders := append([]string(nil), s.wsLocked().folders...)
	if len(folders) == 0 && s.root != "" {
		folders = []string{s.root}
	}
	open := map[string]bool{}
	for _, d := range s.docs {
		open[d.path] = true
	}
	gen := s.settingsGen
	s.mu.Unlock()
	ids = map[string]string{}
	for _, folder := range folders {
		linter, _ := s.linterFor(filepath.Join(folder, "_"))
		cfg := linter.Config
		_ = filepath.WalkDir(folder, func(p string, d fs.DirEntry, err error) error {
			if err != nil || ctx.Err() != nil {
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != folder && (workspaceSkipDirs[d.Name()] || cfg.Ignored(p, true)) {
					return filepath.SkipDir
				}
				return nil
			}
			if len(files) >= maxWorkspaceFiles {
				return filepath.SkipAll
			}
			if !d.Type().IsRegular() || !cfg.IsYAMLFile(p) || cfg.Ignored(p, false) || open[p] {
				return nil
			}
			if _, dup := ids[p]; dup {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			files = append(files, p)
			ids[p] = fmt.Sprintf("%d-%d-%d", gen, info.ModTime().UnixNano(), info.Size())
			return nil
		})
	}
	sort.Strings(files)
	return files, ids
}

// workspaceDiagnostics answers workspace/diagnostic. Files whose result
// id the client already has are reported unchanged without being checked;
// when nothing changed at all, the request waits (as the protocol allows)
// until something does or the client cancels it.
func (s *Server) workspaceDiagnostics(ctx context.Context, p workspaceDiagnosticParams) (any, error) {
	prev := map[string]string{}
	for _, r := range p.PreviousResultIDs {
		prev[uriPath(string(r.URI))] = r.Value
	}
	var files []string
	var ids map[string]string
	for {
		s.mu.Lock()
		changed := s.wsLocked().changed
		s.mu.Unlock()
		files, ids = s.workspaceFiles(ctx)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		same := len(prev) > 0 && len(prev) == len(files)
		for _, f := range files {
			if prev[f] != ids[f] {
				same = false
				break
			}
		}
		if !same {
			break
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}

	progress := s.startProgress(ctx, p.WorkDoneToken, "yamlint: checking the workspace", len(files))
	defer progress.end()

	stream := len(p.PartialResultToken) > 0 && string(p.PartialResultToken) != "null"
	var (
		mu      sync.Mutex
		pending []workspaceDocumentReport
		all     []workspaceDocumentReport
		last    = time.Now()
		done    int
	)
	flush := func(force bool) {
		// called with mu held
		if len(pending) == 0 || (!force && len(pending) < 200 && time.Since(last) < 200*time.Millisecond) {
			return
		}
		if stream {
			_ = s.conn.Notify(s.ctx, "$/progress", map[string]any{
				"token": p.PartialResultToken, "value": workspaceDiagnosticReport{Items: pending}})
		} else {
			all = append(all, pending...)
		}
		pending = nil
		last = time.Now()
	}
	add := func(r workspaceDocumentReport) {
		mu.Lock()
		defer mu.Unlock()
		pending = append(pending, r)
		done++
		progress.report(done)
		flush(false)
	}

	// CustomResourceDefinitions first, so custom resources validate
	// whatever the order (as the CLI does).
	s.registerWorkspaceCRDs(ctx, files)

	var g errgroup.Group
	g.SetLimit(max(1, runtime.GOMAXPROCS(0)))
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		uri := protocol.DocumentURI(fileURI(f))
		if prev[f] == ids[f] {
			add(workspaceDocumentReport{Kind: "unchanged", URI: uri, ResultID: ids[f]})
			continue
		}
		g.Go(func() error {
			items := s.checkFile(f)
			add(workspaceDocumentReport{Kind: "full", URI: uri, ResultID: ids[f], Items: &items})
			return nil
		})
	}
	_ = g.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	mu.Lock()
	flush(true)
	mu.Unlock()
	if stream {
		// Everything went out as partial results.
		return workspaceDiagnosticReport{Items: []workspaceDocumentReport{}}, nil
	}
	if all == nil {
		all = []workspaceDocumentReport{}
	}
	return workspaceDiagnosticReport{Items: all}, nil
}

// checkFile lints one file from disk (bounded read).
func (s *Server) checkFile(path string) []protocol.Diagnostic {
	linter, settings := s.linterFor(path)
	items := []protocol.Diagnostic{}
	src, err := readBounded(path, linter.Config.MaxFileSize)
	if err != nil {
		return append(items, protocol.Diagnostic{Severity: protocol.DiagnosticSeverityError, Code: "io", Source: "yamlint",
			Message: "cannot read file: " + err.Error()})
	}
	res := s.lint(linter, settings, path, src, nil)
	lines := textpos.New(src)
	if res.File != nil {
		lines = res.File.Lines
	}
	return append(items, toLSPDiagnostics(res.Diagnostics, lines, settings.DocsURL)...)
}

// readBounded reads at most limit+1 bytes of a regular file (a FIFO or
// device in the workspace is refused, not opened), so that an oversized
// file is reported by the engine's size check without being read whole.
func readBounded(path string, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = safefs.DefaultMaxSize
	}
	return safefs.ReadPrefix(path, limit)
}

// isCRDFile reports whether a file holds a CustomResourceDefinition.
func isCRDFile(path string, limit int64) bool {
	src, err := readBounded(path, limit)
	return err == nil && bytes.Contains(src, []byte("CustomResourceDefinition"))
}

// registerWorkspaceCRDs finds the CRD files among files, remembers them
// and registers them with the linters that check the workspace.
func (s *Server) registerWorkspaceCRDs(ctx context.Context, files []string) {
	var found []string
	for _, f := range files {
		if ctx.Err() != nil {
			return
		}
		if strings.HasSuffix(f, ".yaml") || strings.HasSuffix(f, ".yml") {
			if isCRDFile(f, 10<<20) {
				found = append(found, f)
			}
		}
	}
	s.mu.Lock()
	ws := s.wsLocked()
	fresh := false
	for _, f := range found {
		if !ws.crdFiles[f] {
			ws.crdFiles[f] = true
			fresh = true
		}
	}
	s.mu.Unlock()
	if fresh {
		for _, f := range found {
			linter, _ := s.linterFor(f)
			linter.RegisterCRDs([]string{f})
		}
	}
}

// knownCRDFiles lists the CRD files a new linter registers.
func (s *Server) knownCRDFiles() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for f := range s.wsLocked().crdFiles {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// watchedFileChanged handles a workspace/didChangeWatchedFiles entry that
// is not a config file: a CustomResourceDefinition or a schema re-checks
// the open documents with fresh linters. It reports whether it reloaded.
func (s *Server) watchedFileChanged(ch protocol.FileEvent) bool {
	p := docPath(ch.URI)
	switch ext := strings.ToLower(filepath.Ext(p)); ext {
	case ".yaml", ".yml":
		s.mu.Lock()
		known := s.wsLocked().crdFiles[p]
		s.mu.Unlock()
		isCRD := ch.Type != protocol.FileChangeTypeDeleted && isCRDFile(p, 10<<20)
		if !known && !isCRD {
			return false
		}
		s.mu.Lock()
		if isCRD {
			s.wsLocked().crdFiles[p] = true
		} else {
			delete(s.wsLocked().crdFiles, p)
		}
		s.mu.Unlock()
		s.logf("CustomResourceDefinition file %s changed; re-checking open documents", p)
		return true
	case ".json":
		if s.schemaInUse(p) {
			s.logf("schema %s changed; re-checking open documents", p)
			return true
		}
	}
	return false
}

// schemaInUse reports whether a JSON file may be a schema the open
// documents use: named like a schema, or named by a setting or an open
// document (modeline, $ref).
func (s *Server) schemaInUse(p string) bool {
	base := filepath.Base(p)
	if strings.Contains(strings.ToLower(base), "schema") {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for ref := range s.settings.Schemas {
		if strings.Contains(ref, base) {
			return true
		}
	}
	for _, d := range s.docs {
		if bytes.Contains(d.text, []byte(base)) {
			return true
		}
	}
	return false
}

// progress is work-done progress ($/progress begin/report/end) on a token
// the client gave, or on one the server creates when the client allows.
type progress struct {
	s     *Server
	token json.RawMessage
	total int
	last  time.Time
}

func (s *Server) startProgress(ctx context.Context, token json.RawMessage, title string, total int) *progress {
	pr := &progress{s: s, total: total}
	if len(token) == 0 || string(token) == "null" {
		s.mu.Lock()
		can := s.caps.workDoneProgress
		s.mu.Unlock()
		if !can {
			return pr
		}
		lintSeqMu.Lock()
		progressSeq++
		tok, _ := json.Marshal(fmt.Sprintf("yamlint-%d", progressSeq))
		lintSeqMu.Unlock()
		var res any
		if _, err := s.conn.Call(ctx, "window/workDoneProgress/create", map[string]any{"token": json.RawMessage(tok)}, &res); err != nil {
			return pr
		}
		token = tok
	}
	pr.token = token
	_ = s.conn.Notify(s.ctx, "$/progress", map[string]any{"token": token, "value": map[string]any{
		"kind": "begin", "title": title, "cancellable": false, "message": fmt.Sprintf("0/%d files", total), "percentage": 0}})
	return pr
}

func (pr *progress) report(done int) {
	if pr.token == nil || time.Since(pr.last) < 100*time.Millisecond {
		return
	}
	pr.last = time.Now()
	pct := 100
	if pr.total > 0 {
		pct = done * 100 / pr.total
	}
	_ = pr.s.conn.Notify(pr.s.ctx, "$/progress", map[string]any{"token": pr.token, "value": map[string]any{
		"kind": "report", "message": fmt.Sprintf("%d/%d files", done, pr.total), "percentage": pct}})
}

func (pr *progress) end() {
	if pr.token == nil {
		return
	}
	_ = pr.s.conn.Notify(pr.s.ctx, "$/progress", map[string]any{"token": pr.token, "value": map[string]any{
		"kind": "end", "message": fmt.Sprintf("%d files checked", pr.total)}})
}

var (
	lintSeqMu   sync.Mutex
	progressSeq int
)
