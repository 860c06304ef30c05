package lsp

import (
	"encoding/json"
	"path/filepath"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// clientCaps are the client capabilities the server acts on.
type clientCaps struct {
	pullDiagnostics     bool
	diagnosticRefresh   bool
	snippets            bool
	markdownHover       bool
	hierarchicalSymbols bool
	configuration       bool
	watchRegistration   bool
	versionedDiags      bool
	workDoneProgress    bool
}

// initializeParams is the part of InitializeParams the server reads; it is
// decoded by hand so that 3.17 fields (textDocument.diagnostic) are seen.
type initializeParams struct {
	RootURI          string          `json:"rootUri"`
	RootPath         string          `json:"rootPath"`
	InitOptions      json.RawMessage `json:"initializationOptions"`
	WorkspaceFolders []struct {
		URI string `json:"uri"`
	} `json:"workspaceFolders"`
	Capabilities struct {
		TextDocument struct {
			Diagnostic *json.RawMessage `json:"diagnostic"`
			Completion struct {
				CompletionItem struct {
					SnippetSupport bool `json:"snippetSupport"`
				} `json:"completionItem"`
			} `json:"completion"`
			Hover struct {
				ContentFormat []string `json:"contentFormat"`
			} `json:"hover"`
			DocumentSymbol struct {
				Hierarchical bool `json:"hierarchicalDocumentSymbolSupport"`
			} `json:"documentSymbol"`
			PublishDiagnostics struct {
				VersionSupport bool `json:"versionSupport"`
			} `json:"publishDiagnostics"`
		} `json:"textDocument"`
		Workspace struct {
			Configuration         bool `json:"configuration"`
			DidChangeWatchedFiles struct {
				DynamicRegistration bool `json:"dynamicRegistration"`
			} `json:"didChangeWatchedFiles"`
			Diagnostics struct {
				RefreshSupport bool `json:"refreshSupport"`
			} `json:"diagnostics"`
		} `json:"workspace"`
		Window struct {
			WorkDoneProgress bool `json:"workDoneProgress"`
		} `json:"window"`
	} `json:"capabilities"`
}

// serverCapabilities adds the 3.17 diagnosticProvider to protocol v0.12's
// (3.16) capabilities.
type serverCapabilities struct {
	protocol.ServerCapabilities
	DiagnosticProvider *diagnosticOptions `json:"diagnosticProvider,omitempty"`
}

type diagnosticOptions struct {
	Identifier            string `json:"identifier,omitempty"`
	InterFileDependencies bool   `json:"interFileDependencies"`
	WorkspaceDiagnostics  bool   `json:"workspaceDiagnostics"`
}

// textDocumentSync includes `save`, missing from protocol v0.12's options.
type textDocumentSync struct {
	OpenClose bool                          `json:"openClose"`
	Change    protocol.TextDocumentSyncKind `json:"change"`
	Save      *protocol.SaveOptions         `json:"save,omitempty"`
}

type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

func (s *Server) initialize(raw json.RawMessage) (any, error) {
	var p initializeParams
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, decode(raw, &p)
		}
	}
	c := p.Capabilities
	caps := clientCaps{
		pullDiagnostics:     c.TextDocument.Diagnostic != nil && string(*c.TextDocument.Diagnostic) != "null",
		diagnosticRefresh:   c.Workspace.Diagnostics.RefreshSupport,
		snippets:            c.TextDocument.Completion.CompletionItem.SnippetSupport,
		hierarchicalSymbols: c.TextDocument.DocumentSymbol.Hierarchical,
		configuration:       c.Workspace.Configuration,
		watchRegistration:   c.Workspace.DidChangeWatchedFiles.DynamicRegistration,
		versionedDiags:      c.TextDocument.PublishDiagnostics.VersionSupport,
		workDoneProgress:    c.Window.WorkDoneProgress,
	}
	for _, f := range c.TextDocument.Hover.ContentFormat {
		if f == string(protocol.Markdown) {
			caps.markdownHover = true
		}
	}
	if len(c.TextDocument.Hover.ContentFormat) == 0 {
		caps.markdownHover = true
	}
	root := ""
	switch {
	case len(p.WorkspaceFolders) > 0:
		root = uriPath(p.WorkspaceFolders[0].URI)
	case p.RootURI != "":
		root = uriPath(p.RootURI)
	case p.RootPath != "":
		root = p.RootPath
	}
	s.mu.Lock()
	s.caps = caps
	s.root = root
	ws := s.wsLocked()
	for _, f := range p.WorkspaceFolders {
		if fp := uriPath(f.URI); fp != "" {
			ws.folders = append(ws.folders, fp)
		}
	}
	s.state = stateRunning
	if len(p.InitOptions) > 0 {
		s.applySettingsLocked(p.InitOptions)
	}
	s.mu.Unlock()

	res := initializeResult{ServerInfo: &protocol.ServerInfo{Name: "yaml-lsp", Version: s.opts.Version}}
	sc := &res.Capabilities
	sc.TextDocumentSync = textDocumentSync{OpenClose: true, Change: protocol.TextDocumentSyncKindIncremental, Save: &protocol.SaveOptions{}}
	sc.HoverProvider = true
	sc.CompletionProvider = &protocol.CompletionOptions{TriggerCharacters: []string{":", " ", "-"}}
	sc.CodeActionProvider = &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, fixAllKind}}
	sc.DocumentSymbolProvider = true
	sc.DefinitionProvider = true
	sc.DocumentFormattingProvider = true
	sc.FoldingRangeProvider = true
	sc.CodeLensProvider = &protocol.CodeLensOptions{}
	sc.ExecuteCommandProvider = &protocol.ExecuteCommandOptions{Commands: serverCommands}
	sc.DocumentLinkProvider = &protocol.DocumentLinkOptions{}
	sc.SelectionRangeProvider = true
	sc.ReferencesProvider = true
	sc.DocumentHighlightProvider = true
	sc.RenameProvider = &protocol.RenameOptions{PrepareProvider: true}
	sc.DocumentRangeFormattingProvider = true
	sc.DocumentOnTypeFormattingProvider = &protocol.DocumentOnTypeFormattingOptions{FirstTriggerCharacter: "\n"}
	if caps.pullDiagnostics {
		sc.DiagnosticProvider = &diagnosticOptions{Identifier: "yamlint", InterFileDependencies: true, WorkspaceDiagnostics: true}
	}
	return res, nil
}

func (s *Server) initialized() {
	s.mu.Lock()
	caps, root := s.caps, s.root
	s.mu.Unlock()
	if root != "" {
		// Read the workspace config and build its linter now rather than
		// on the first didOpen, so the first diagnostics come sooner.
		go s.linterFor(filepath.Join(root, "_"))
	}
	// Requests to the client wait for its answer, which this read loop
	// delivers: they must not block it.
	go func() {
		if caps.watchRegistration {
			reg := map[string]any{"registrations": []any{map[string]any{
				"id": "yamlint-config-watch", "method": "workspace/didChangeWatchedFiles",
				"registerOptions": map[string]any{"watchers": []any{
					map[string]any{"globPattern": "**/.yamlint.{yaml,yml}"},
					// Schemas and CustomResourceDefinitions (workspace_diag.go).
					map[string]any{"globPattern": "**/*.json"},
					map[string]any{"globPattern": "**/*.{yaml,yml}"},
				}},
			}}}
			var res any
			if _, err := s.conn.Call(s.ctx, "client/registerCapability", reg, &res); err != nil {
				s.logf("registerCapability: %v", err)
			}
		}
		if caps.configuration {
			s.pullConfiguration()
		}
	}()
}

// uriPath converts a file:// URI to a path ("" for other schemes).
func uriPath(u string) (path string) {
	if len(u) < 7 || u[:7] != "file://" {
		return ""
	}
	defer func() {
		if recover() != nil { // uri.Filename panics on odd input
			path = ""
		}
	}()
	return uri.URI(u).Filename()
}
