package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/workspace"
)

// Options configure a server.
type Options struct {
	// Version is reported in serverInfo.
	Version string
	// Log receives the server's own log (nil = discarded).
	Log io.Writer
	// Debounce is how long the server waits after an edit that follows
	// another within Debounce (a burst: typing fast, paste + format) before
	// linting, so that the burst costs one lint (default 30ms).
	Debounce time.Duration
	// IdleDelay is the wait after an edit that follows none within Debounce
	// (default 5ms): an isolated edit is not held back for a burst that is
	// not coming, yet edits sent together still coalesce.
	IdleDelay time.Duration
}

// Codes the LSP defines beyond JSON-RPC's.
const (
	codeRequestCancelled jsonrpc2.Code = -32800
	codeContentModified  jsonrpc2.Code = -32801
)

// Server is one language-server session.
type Server struct {
	opts   Options
	logger *log.Logger
	conn   jsonrpc2.Conn
	ctx    context.Context
	stop   context.CancelFunc

	mu       sync.Mutex
	state    int // stateNew, stateRunning, stateShutdown
	caps     clientCaps
	root     string
	docs     map[protocol.DocumentURI]*document
	settings Settings
	configs  config.Resolver // which config file applies to each document
	// workspace serves the open documents' text to checks reading other
	// files (a GitLab include, a called workflow), disk for the rest.
	workspace *workspace.FS
	lintSeq   uint64 // orders lint results (under mu)
	// pullMode is latched by the first textDocument/diagnostic request:
	// from then on diagnostics are only pulled, never pushed, so a client
	// that both advertises pull and shows pushed diagnostics gets no
	// duplicates.
	pullMode    bool
	settingsGen int                     // bumped on every reload, so stale linters are not cached
	linters     map[string]*linterEntry // by config path ("" = none)
	inflight    map[string]context.CancelFunc
	exitCode    int
	exited      chan struct{}
	exitOnce    sync.Once
	lintSem     chan struct{}
	shownConfig map[string]bool
	// extra holds additional request methods; tests use it to inject a
	// failing handler and check that the session survives.
	extra map[string]func(context.Context, json.RawMessage) (any, error)
}

const (
	stateNew = iota
	stateRunning
	stateShutdown
)

type linterEntry struct {
	linter *engine.Linter
	err    error // config problem, reported once
}

// Run serves one session over r/w until the client sends exit or the
// stream ends. It returns the process exit code the spec asks for: 0 after
// shutdown+exit, 1 otherwise.
func Run(ctx context.Context, r io.Reader, w io.Writer, opts Options) int {
	return newServer(opts).serve(ctx, r, w)
}

func (s *Server) serve(ctx context.Context, r io.Reader, w io.Writer) int {
	st := newStream(r, w, nil, s.logf)
	s.conn = jsonrpc2.NewConn(st)
	s.conn.Go(s.ctx, s.handle)
	select {
	case <-s.exited:
	case <-s.conn.Done():
		s.logf("connection closed: %v", s.conn.Err())
		s.mu.Lock()
		if s.state != stateShutdown {
			s.exitCode = 1
		}
		s.mu.Unlock()
	case <-ctx.Done():
	}
	s.stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.exitCode
}

func newServer(opts Options) *Server {
	if opts.Debounce <= 0 {
		opts.Debounce = 30 * time.Millisecond
	}
	if opts.IdleDelay <= 0 || opts.IdleDelay > opts.Debounce {
		opts.IdleDelay = min(5*time.Millisecond, opts.Debounce)
	}
	lw := opts.Log
	if lw == nil {
		lw = io.Discard
	}
	ctx, stop := context.WithCancel(context.Background())
	return &Server{
		opts:        opts,
		logger:      log.New(lw, "yaml-lsp ", log.LstdFlags|log.Lmicroseconds),
		ctx:         ctx,
		stop:        stop,
		docs:        map[protocol.DocumentURI]*document{},
		settings:    defaultSettings(),
		workspace:   workspace.New(),
		linters:     map[string]*linterEntry{},
		inflight:    map[string]context.CancelFunc{},
		exited:      make(chan struct{}),
		lintSem:     make(chan struct{}, max(1, runtime.GOMAXPROCS(0))),
		shownConfig: map[string]bool{},
	}
}

func (s *Server) logf(format string, args ...any) {
	s.logger.Printf(format, args...)
}

// logClient logs locally and sends window/logMessage.
func (s *Server) logClient(typ protocol.MessageType, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.logf("%s", msg)
	if s.conn != nil {
		_ = s.conn.Notify(s.ctx, "window/logMessage", &protocol.LogMessageParams{Type: typ, Message: msg})
	}
}

// requestHandler computes a request's result on a snapshot; it runs in its
// own goroutine.
type requestHandler func(ctx context.Context) (any, error)

// handle is called by the read loop for every incoming request and
// notification, in order. It must never return an error (that would end the
// connection) and never block on the client.
func (s *Server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) (err error) {
	method := req.Method()
	defer func() {
		if r := recover(); r != nil {
			s.logClient(protocol.MessageTypeError, "yaml-lsp: panic in %s: %v\n%s", method, r, debug.Stack())
			if _, isCall := req.(*jsonrpc2.Call); isCall {
				_ = reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InternalError, fmt.Sprintf("internal error in %s: %v", method, r)))
			}
			err = nil
		}
	}()
	call, isCall := req.(*jsonrpc2.Call)
	params := req.Params()

	s.mu.Lock()
	state := s.state
	s.mu.Unlock()

	if method == "exit" {
		s.mu.Lock()
		if s.state == stateShutdown {
			s.exitCode = 0
		} else {
			s.exitCode = 1
		}
		s.mu.Unlock()
		s.exitOnce.Do(func() { close(s.exited) })
		return nil
	}
	switch {
	case state == stateNew && method != "initialize":
		if isCall {
			return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server not initialized"))
		}
		return nil
	case state == stateRunning && method == "initialize":
		return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize sent twice"))
	case state == stateShutdown:
		if isCall {
			return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shutting down"))
		}
		return nil
	}

	if !isCall {
		s.notification(method, params)
		return nil
	}

	switch method {
	case "initialize":
		res, err := s.initialize(params)
		return reply(ctx, res, err)
	case "shutdown":
		s.shutdown()
		return reply(ctx, nil, nil)
	}

	h, err := s.request(method, params)
	if err != nil || h == nil {
		if err == nil {
			err = jsonrpc2.NewError(jsonrpc2.MethodNotFound, "method not supported: "+method)
		}
		return reply(ctx, nil, err)
	}
	key := fmt.Sprintf("%q", call.ID())
	rctx, cancel := context.WithCancel(s.ctx)
	s.mu.Lock()
	s.inflight[key] = cancel
	s.mu.Unlock()
	go func() {
		var res any
		var herr error
		defer func() {
			s.mu.Lock()
			delete(s.inflight, key)
			s.mu.Unlock()
			cancel()
		}()
		func() {
			defer func() {
				if r := recover(); r != nil {
					s.logClient(protocol.MessageTypeError, "yaml-lsp: panic in %s: %v\n%s", method, r, debug.Stack())
					res, herr = nil, jsonrpc2.NewError(jsonrpc2.InternalError, fmt.Sprintf("internal error in %s: %v", method, r))
				}
			}()
			res, herr = h(rctx)
		}()
		if rctx.Err() != nil && s.ctx.Err() == nil {
			res, herr = nil, jsonrpc2.NewError(codeRequestCancelled, "request cancelled")
		}
		if err := reply(s.ctx, res, herr); err != nil {
			s.logf("reply to %s: %v", method, err)
		}
	}()
	return nil
}

// request decodes a request's params and returns the work to do, or nil
// when the method is unknown.
func (s *Server) request(method string, params json.RawMessage) (requestHandler, error) {
	switch method {
	case "textDocument/hover":
		var p protocol.HoverParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		snap, ok := s.snapshot(p.TextDocument.URI)
		if !ok {
			return nil, nil
		}
		return func(ctx context.Context) (any, error) { return s.hover(ctx, snap, p.Position) }, nil
	case "textDocument/completion":
		var p protocol.CompletionParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		snap, ok := s.snapshot(p.TextDocument.URI)
		if !ok {
			return nil, nil
		}
		return func(ctx context.Context) (any, error) { return s.completion(ctx, snap, p.Position) }, nil
	case "textDocument/codeAction":
		var p protocol.CodeActionParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		snap, ok := s.snapshot(p.TextDocument.URI)
		if !ok {
			return nil, nil
		}
		return func(ctx context.Context) (any, error) { return s.codeActions(ctx, snap, p) }, nil
	case "textDocument/documentSymbol":
		var p protocol.DocumentSymbolParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		snap, ok := s.snapshot(p.TextDocument.URI)
		if !ok {
			return nil, nil
		}
		return func(ctx context.Context) (any, error) { return s.symbols(ctx, snap) }, nil
	case "textDocument/definition":
		var p protocol.DefinitionParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		snap, ok := s.snapshot(p.TextDocument.URI)
		if !ok {
			return nil, nil
		}
		return func(ctx context.Context) (any, error) { return s.definition(ctx, snap, p.Position) }, nil
	case "textDocument/diagnostic":
		var p documentDiagnosticParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		s.enterPullMode()
		s.mu.Lock()
		snap := &snapshot{}
		if d := s.docs[p.TextDocument.URI]; d != nil {
			snap = d.snapshot() // out of sync too: its result is the sync diagnostic
		}
		s.mu.Unlock()
		return func(ctx context.Context) (any, error) { return s.pullDiagnostics(ctx, snap, p) }, nil
	}
	if h := s.extra[method]; h != nil {
		return func(ctx context.Context) (any, error) { return h(ctx, params) }, nil
	}
	return nil, nil
}

// snapshot returns a view of the document taken now. A document that is
// not open gets an empty snapshot, for which every feature answers null.
func (s *Server) snapshot(uri protocol.DocumentURI) (*snapshot, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[uri]
	if d == nil || d.outOfSync {
		// Out of sync: the server's text is not the editor's, so answering
		// from it would point at the wrong places.
		return &snapshot{}, true
	}
	return d.snapshot(), true
}

func decode(params json.RawMessage, v any) error {
	if len(params) == 0 {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "missing params")
	}
	if err := json.Unmarshal(params, v); err != nil {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "invalid params: "+err.Error())
	}
	return nil
}

// notification handles one notification synchronously, in arrival order.
func (s *Server) notification(method string, params json.RawMessage) {
	switch method {
	case "initialized":
		s.initialized()
	case "$/cancelRequest":
		var p struct {
			ID jsonrpc2.ID `json:"id"`
		}
		if json.Unmarshal(params, &p) == nil {
			key := fmt.Sprintf("%q", p.ID)
			s.mu.Lock()
			cancel := s.inflight[key]
			s.mu.Unlock()
			if cancel != nil {
				cancel()
			}
		}
	case "textDocument/didOpen":
		var p protocol.DidOpenTextDocumentParams
		if json.Unmarshal(params, &p) == nil {
			s.didOpen(p)
		}
	case "textDocument/didChange":
		var p didChangeParams
		if err := json.Unmarshal(params, &p); err == nil {
			s.didChange(p)
		} else {
			s.logf("didChange: %v", err)
		}
	case "textDocument/didClose":
		var p protocol.DidCloseTextDocumentParams
		if json.Unmarshal(params, &p) == nil {
			s.didClose(p.TextDocument.URI)
		}
	case "textDocument/didSave":
		var p struct {
			TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
			Text         *string                         `json:"text"`
		}
		if json.Unmarshal(params, &p) == nil {
			s.didSave(p.TextDocument.URI, p.Text)
		}
	case "workspace/didChangeConfiguration":
		var p struct {
			Settings json.RawMessage `json:"settings"`
		}
		_ = json.Unmarshal(params, &p)
		s.didChangeConfiguration(p.Settings)
	case "workspace/didChangeWatchedFiles":
		var p protocol.DidChangeWatchedFilesParams
		if json.Unmarshal(params, &p) == nil {
			s.didChangeWatchedFiles(p)
		}
	default:
		s.logf("ignoring notification %s", method)
	}
}

func (s *Server) shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state = stateShutdown
	for _, d := range s.docs {
		d.cancelLint()
	}
	for _, c := range s.inflight {
		c()
	}
}
