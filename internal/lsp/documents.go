package lsp

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/textpos"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// document is the server's state for one open document. Its fields are
// guarded by Server.mu. text is never modified in place: an edit builds a
// new slice, so snapshots handed to requests and lint runs stay valid.
type document struct {
	uri     protocol.DocumentURI
	path    string
	text    []byte
	lines   *textpos.LineIndex
	version int32
	closed  bool
	changed time.Time // when the last edit arrived

	cancel context.CancelFunc // the pending or running lint
	result *lintResult        // the latest finished lint
	// parses keeps the parsed documents of recent versions, so a check
	// re-parses only the documents an edit touched.
	parses *yamlfile.Cache
	ready  chan struct{} // closed (and replaced) when result changes
}

// lintResult is one engine run on one version of a document.
type lintResult struct {
	seq     uint64 // distinct per run: the pull-diagnostics resultId
	version int32
	text    []byte
	lines   *textpos.LineIndex
	res     engine.Result
	diags   []protocol.Diagnostic
	linter  *engine.Linter
}

// snapshot is a request's view of a document at the time it arrived.
type snapshot struct {
	doc     *document // nil when the document is not open
	uri     protocol.DocumentURI
	path    string
	text    []byte
	lines   *textpos.LineIndex
	version int32
	result  *lintResult // may be for an older version
}

func (d *document) snapshot() *snapshot {
	return &snapshot{doc: d, uri: d.uri, path: d.path, text: d.text, lines: d.lines, version: d.version, result: d.result}
}

func (d *document) cancelLint() {
	if d.cancel != nil {
		d.cancel()
		d.cancel = nil
	}
}

// didChangeParams uses a pointer Range so that a full-text change (no
// range) is told apart from an insertion at 0:0; protocol v0.12's type
// cannot.
type didChangeParams struct {
	TextDocument struct {
		URI     protocol.DocumentURI `json:"uri"`
		Version int32                `json:"version"`
	} `json:"textDocument"`
	ContentChanges []struct {
		Range *protocol.Range `json:"range"`
		Text  string          `json:"text"`
	} `json:"contentChanges"`
}

func docPath(u protocol.DocumentURI) string {
	if p := uriPath(string(u)); p != "" {
		return p
	}
	// untitled:Untitled-1 and the like: the name still drives catalog
	// matching when it has an extension.
	s := string(u)
	if i := strings.LastIndexAny(s, ":/"); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func (s *Server) didOpen(p protocol.DidOpenTextDocumentParams) {
	text := []byte(p.TextDocument.Text)
	d := &document{
		parses: yamlfile.NewCache(),
		uri:    p.TextDocument.URI, path: docPath(p.TextDocument.URI),
		text: text, lines: textpos.New(text), version: p.TextDocument.Version,
		ready: make(chan struct{}),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.docs[d.uri]; old != nil { // reopened without a close
		old.cancelLint()
		old.closed = true
		close(old.ready)
	}
	s.docs[d.uri] = d
	s.workspace.SetOverlay(d.path, text) // other files' checks read this buffer
	// Nothing to coalesce on open: lint at once.
	s.scheduleLintLocked(d, 0)
}

func (s *Server) didChange(p didChangeParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		s.logf("didChange for unknown document %s", p.TextDocument.URI)
		return
	}
	text, lines := d.text, d.lines
	for _, c := range p.ContentChanges {
		if c.Range == nil {
			text = []byte(c.Text)
		} else {
			start := lines.OffsetUTF16(int(c.Range.Start.Line), int(c.Range.Start.Character))
			end := lines.OffsetUTF16(int(c.Range.End.Line), int(c.Range.End.Character))
			if end < start {
				start, end = end, start
			}
			next := make([]byte, 0, len(text)-(end-start)+len(c.Text))
			next = append(next, text[:start]...)
			next = append(next, c.Text...)
			next = append(next, text[end:]...)
			text = next
		}
		lines = textpos.New(text)
	}
	d.text, d.lines, d.version = text, lines, p.TextDocument.Version
	s.workspace.SetOverlay(d.path, text)
	now := time.Now()
	delay := s.opts.Debounce
	if now.Sub(d.changed) >= s.opts.Debounce {
		delay = s.opts.IdleDelay
	}
	d.changed = now
	s.scheduleLintLocked(d, delay)
}

func (s *Server) didClose(u protocol.DocumentURI) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[u]
	if d == nil {
		return
	}
	d.cancelLint()
	d.closed = true
	close(d.ready)
	delete(s.docs, u)
	s.workspace.RemoveOverlay(d.path) // back to the file on disk
	if !s.pullMode {
		s.publishLocked(u, nil, nil)
	}
}

func (s *Server) didSave(u protocol.DocumentURI) {
	if isConfigFile(docPath(u)) {
		s.logf("configuration %s saved; re-checking open documents", docPath(u))
		s.reload()
	}
}

func (s *Server) didChangeWatchedFiles(p protocol.DidChangeWatchedFilesParams) {
	for _, ch := range p.Changes {
		if isConfigFile(docPath(ch.URI)) {
			s.logf("configuration %s changed on disk; re-checking open documents", docPath(ch.URI))
			s.reload()
			return
		}
	}
}

func isConfigFile(path string) bool {
	base := filepath.Base(path)
	for _, n := range config.FileNames {
		if base == n {
			return true
		}
	}
	return false
}

// reload drops every cached linter (config, schemas) and re-checks all
// open documents.
func (s *Server) reload() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reloadLocked()
}

func (s *Server) reloadLocked() {
	s.linters = map[string]*linterEntry{}
	s.configs.Forget() // a config file may have appeared or gone
	s.shownConfig = map[string]bool{}
	s.settingsGen++
	for _, d := range s.docs {
		s.scheduleLintLocked(d, 0)
	}
	if s.pullMode && s.caps.diagnosticRefresh && s.state == stateRunning {
		go func() {
			var res any
			if _, err := s.conn.Call(s.ctx, "workspace/diagnostic/refresh", nil, &res); err != nil {
				s.logf("diagnostic refresh: %v", err)
			}
		}()
	}
}

// scheduleLintLocked cancels the document's pending lint and starts a new
// one after delay. Bursts of edits thus cost one lint.
func (s *Server) scheduleLintLocked(d *document, delay time.Duration) {
	d.cancelLint()
	ctx, cancel := context.WithCancel(s.ctx)
	d.cancel = cancel
	text, lines, version := d.text, d.lines, d.version
	run := func() { s.runLint(ctx, d, text, lines, version) }
	if delay <= 0 {
		go run()
		return
	}
	time.AfterFunc(delay, run)
}

func (s *Server) runLint(ctx context.Context, d *document, text []byte, lines *textpos.LineIndex, version int32) {
	defer func() {
		if r := recover(); r != nil {
			s.logClient(protocol.MessageTypeError, "yaml-lsp: panic while checking %s: %v\n%s", d.uri, r, debug.Stack())
		}
	}()
	select {
	case s.lintSem <- struct{}{}:
	case <-ctx.Done():
		return
	}
	defer func() { <-s.lintSem }()
	if ctx.Err() != nil {
		return
	}
	linter, settings := s.linterFor(d.path)
	start := time.Now()
	res := s.lint(linter, settings, d.path, text, d.parses)
	if el := time.Since(start); el > time.Second {
		s.logf("checking %s (version %d, %d bytes) took %v", d.uri, version, len(text), el)
	}
	if ctx.Err() != nil {
		return
	}
	diags := toLSPDiagnostics(res.Diagnostics, lines, settings.DocsURL)
	s.mu.Lock()
	defer s.mu.Unlock()
	if d.closed || d.version != version || ctx.Err() != nil {
		return // a newer edit superseded this run
	}
	s.lintSeq++
	d.result = &lintResult{seq: s.lintSeq, version: version, text: text, lines: lines, res: res, diags: diags, linter: linter}
	close(d.ready)
	d.ready = make(chan struct{})
	if !s.pullMode && s.state == stateRunning {
		v := version
		s.publishLocked(d.uri, &v, diags)
	}
}

// lint runs the engine. Whatever happens, it returns a result, so that
// the document's latest version always gets its diagnostics published.
func (s *Server) lint(linter *engine.Linter, settings Settings, path string, text []byte, parses *yamlfile.Cache) (res engine.Result) {
	res = engine.Result{Path: path, Src: text}
	if !settings.Validate {
		return res
	}
	defer func() {
		if r := recover(); r != nil {
			s.logClient(protocol.MessageTypeError, "yaml-lsp: panic while checking %s: %v\n%s", path, r, debug.Stack())
			res = engine.Result{Path: path, Src: text, Diagnostics: []diag.Diagnostic{{Severity: diag.SeverityError, Code: "internal",
				Message: fmt.Sprintf("internal error while checking this file: %v (please report this)", r)}}}
		}
	}()
	return linter.LintCached(path, text, parses)
}

// publishParams carries the version as a pointer: protocol v0.12 omits a
// zero version.
type publishParams struct {
	URI         protocol.DocumentURI  `json:"uri"`
	Version     *int32                `json:"version,omitempty"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
}

// publishLocked sends diagnostics while holding s.mu, so that no edit can
// be applied between the version check and the write.
func (s *Server) publishLocked(u protocol.DocumentURI, version *int32, diags []protocol.Diagnostic) {
	if diags == nil {
		diags = []protocol.Diagnostic{}
	}
	if err := s.conn.Notify(s.ctx, "textDocument/publishDiagnostics", &publishParams{URI: u, Version: version, Diagnostics: diags}); err != nil {
		s.logf("publish %s: %v", u, err)
	}
}

// parsed returns the parsed file for a snapshot and the linter that
// checks it: the lint result's file when it is for this version, else a
// fresh parse.
func (s *Server) parsed(snap *snapshot) (*yamlfile.File, *engine.Linter) {
	if r := snap.result; r != nil && r.version == snap.version && r.res.File != nil {
		return r.res.File, r.linter
	}
	linter, _ := s.linterFor(snap.path)
	return yamlfile.Parse(snap.path, snap.text, yamlfile.Options{CustomTags: linter.Config.CustomTags}), linter
}
