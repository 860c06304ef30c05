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
	"github.com/yamlint/yamlint/internal/safefs"
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
	// outOfSync is set when an edit could not be applied (see didChange):
	// text is then not the editor's, so it is neither checked nor used to
	// answer requests until a resync.
	outOfSync bool

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
// cannot. Positions are signed: a negative one from a broken client must be
// reported, where protocol's uint32 fields would fail to decode and the
// change would be lost silently.
type didChangeParams struct {
	TextDocument struct {
		URI     protocol.DocumentURI `json:"uri"`
		Version int32                `json:"version"`
	} `json:"textDocument"`
	ContentChanges []struct {
		Range *changeRange `json:"range"`
		Text  string       `json:"text"`
	} `json:"contentChanges"`
}

type changePosition struct {
	Line      int64 `json:"line"`
	Character int64 `json:"character"`
}

type changeRange struct {
	Start changePosition `json:"start"`
	End   changePosition `json:"end"`
}

// changeOffsets converts an edit's range to byte offsets, or says why it
// is invalid: a negative position, a line past the end of the document, or
// a start after the end. A character past its line's end is clamped to it,
// as the protocol specifies; so is (line count, 0), the end of the text.
func changeOffsets(lines *textpos.LineIndex, r changeRange) (start, end int, invalid string) {
	off := func(p changePosition) (int, string) {
		switch {
		case p.Line < 0 || p.Character < 0:
			return 0, fmt.Sprintf("negative position %d:%d", p.Line, p.Character)
		case p.Line > int64(lines.Lines()) || (p.Line == int64(lines.Lines()) && p.Character > 0):
			return 0, fmt.Sprintf("position %d:%d is past the end of the document (%d lines)", p.Line, p.Character, lines.Lines())
		}
		return lines.OffsetUTF16(int(p.Line), int(min(p.Character, 1<<31-1))), ""
	}
	start, why := off(r.Start)
	if why != "" {
		return 0, 0, why
	}
	end, why = off(r.End)
	if why != "" {
		return 0, 0, why
	}
	if r.Start.Line > r.End.Line || (r.Start.Line == r.End.Line && r.Start.Character > r.End.Character) {
		return 0, 0, fmt.Sprintf("range start %d:%d is after its end %d:%d", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character)
	}
	return start, end, ""
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
	synced := !d.outOfSync
	invalid := ""
	for i, c := range p.ContentChanges {
		if c.Range == nil {
			text, synced, invalid = []byte(c.Text), true, "" // a full text resyncs
			lines = textpos.New(text)
			continue
		}
		if !synced {
			continue // relative to text we do not have
		}
		start, end, why := changeOffsets(lines, *c.Range)
		if why != "" {
			synced, invalid = false, fmt.Sprintf("change %d of version %d: %s", i+1, p.TextDocument.Version, why)
			continue
		}
		next := make([]byte, 0, len(text)-(end-start)+len(c.Text))
		next = append(next, text[:start]...)
		next = append(next, c.Text...)
		next = append(next, text[end:]...)
		text = next
		lines = textpos.New(text)
	}
	d.version = p.TextDocument.Version
	if !synced {
		s.loseSyncLocked(d, invalid)
		return
	}
	if d.outOfSync {
		d.outOfSync = false
		s.logClient(protocol.MessageTypeInfo, "yaml-lsp: %s: back in sync (full text received)", d.uri)
	}
	d.text, d.lines = text, lines
	s.workspace.SetOverlay(d.path, text)
	now := time.Now()
	delay := s.opts.Debounce
	if now.Sub(d.changed) >= s.opts.Debounce {
		delay = s.opts.IdleDelay
	}
	d.changed = now
	s.scheduleLintLocked(d, delay)
}

// CodeOutOfSync marks the one diagnostic of a document whose text the
// server lost track of.
const CodeOutOfSync = "lsp-sync"

// loseSyncLocked handles an edit that cannot be applied. Applying it
// anyway (clamped or reordered) would leave the server checking text the
// editor does not show, silently. Instead the server says so — in the log
// (window/logMessage) and as the document's only diagnostic, since other
// positions would be wrong — ignores incremental edits, and resyncs from
// the next full text it gets: a change without a range, didOpen, or
// didSave (the file on disk then equals the editor's buffer; the saved
// text is used when the client sends it). The protocol has no request for
// the client to resend a document, so the diagnostic asks the user to save.
func (s *Server) loseSyncLocked(d *document, invalid string) {
	if invalid != "" {
		s.logClient(protocol.MessageTypeWarning, "yaml-lsp: %s: invalid edit from the editor (%s); ignoring edits to this document until it is saved, reopened or sent whole", d.uri, invalid)
	}
	first := !d.outOfSync
	d.outOfSync = true
	d.cancelLint()
	// The result is the sync diagnostic, for this version (pull requests
	// for it must not wait for a check that will not run).
	msg := "yamlint lost track of this document's text after an invalid edit from the editor; save the file (or reopen it) to check it again"
	diags := []protocol.Diagnostic{{Severity: protocol.DiagnosticSeverityWarning, Code: CodeOutOfSync, Source: "yamlint", Message: msg}}
	s.lintSeq++
	d.result = &lintResult{seq: s.lintSeq, version: d.version, text: d.text, lines: d.lines, res: engine.Result{Path: d.path}, diags: diags}
	close(d.ready)
	d.ready = make(chan struct{})
	if first && !s.pullMode && s.state == stateRunning {
		v := d.version
		s.publishLocked(d.uri, &v, diags)
	}
}

// resyncFromSave replaces an out-of-sync document's text with the saved
// text: the client's, when it sent it, else the file read from disk.
func (s *Server) resyncFromSave(u protocol.DocumentURI, saved *string) {
	s.mu.Lock()
	d := s.docs[u]
	need := d != nil && d.outOfSync
	s.mu.Unlock()
	if !need {
		return
	}
	var text []byte
	if saved != nil {
		text = []byte(*saved)
	} else {
		linter, _ := s.linterFor(d.path)
		data, err := safefs.ReadFile(d.path, linter.Config.MaxFileSize)
		if err != nil {
			s.logClient(protocol.MessageTypeWarning, "yaml-lsp: %s: cannot resync from disk: %v", u, err)
			return
		}
		text = data
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs[u] != d || !d.outOfSync {
		return
	}
	d.text, d.lines, d.outOfSync = text, textpos.New(text), false
	s.logClient(protocol.MessageTypeInfo, "yaml-lsp: %s: back in sync (saved text)", u)
	s.scheduleLintLocked(d, 0)
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

func (s *Server) didSave(u protocol.DocumentURI, text *string) {
	s.resyncFromSave(u, text)
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
	diags := toLSPDiagnostics(s.notBaselined(settings, res), lines, settings.DocsURL)
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
