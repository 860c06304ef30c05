package lsp

import (
	"context"
	"encoding/json"
	"fmt"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// featureRequest routes the editing features (formatting, folding,
// selection, links, anchors, code lens, commands, workspace diagnostics);
// ok is false for other methods.
func (s *Server) featureRequest(method string, params json.RawMessage) (h requestHandler, err error, ok bool) {
	// withDoc decodes params into p (which names a text document) and
	// returns a handler computing f on the document's snapshot.
	withDoc := func(p any, uri func() protocol.DocumentURI, f func(ctx context.Context, snap *snapshot) (any, error)) (requestHandler, error, bool) {
		if err := decode(params, p); err != nil {
			return nil, err, true
		}
		snap, _ := s.snapshot(uri())
		return func(ctx context.Context) (any, error) { return f(ctx, snap) }, nil, true
	}
	switch method {
	case "textDocument/formatting":
		var p protocol.DocumentFormattingParams
		return withDoc(&p, func() protocol.DocumentURI { return p.TextDocument.URI }, func(ctx context.Context, snap *snapshot) (any, error) {
			return s.formatEdits(snap, p.Options, nil)
		})
	case "textDocument/rangeFormatting":
		var p protocol.DocumentRangeFormattingParams
		return withDoc(&p, func() protocol.DocumentURI { return p.TextDocument.URI }, func(ctx context.Context, snap *snapshot) (any, error) {
			return s.formatEdits(snap, p.Options, &p.Range)
		})
	case "textDocument/onTypeFormatting":
		var p protocol.DocumentOnTypeFormattingParams
		return withDoc(&p, func() protocol.DocumentURI { return p.TextDocument.URI }, func(ctx context.Context, snap *snapshot) (any, error) {
			return s.onTypeFormat(snap, p)
		})
	case "workspace/diagnostic":
		var p workspaceDiagnosticParams
		if err := decode(params, &p); err != nil {
			return nil, err, true
		}
		return func(ctx context.Context) (any, error) { return s.workspaceDiagnostics(ctx, p) }, nil, true
	case "textDocument/codeLens":
		var p protocol.CodeLensParams
		return withDoc(&p, func() protocol.DocumentURI { return p.TextDocument.URI }, func(ctx context.Context, snap *snapshot) (any, error) {
			return s.codeLenses(ctx, snap)
		})
	case "workspace/executeCommand":
		var p executeCommandParams
		if err := decode(params, &p); err != nil {
			return nil, err, true
		}
		return func(ctx context.Context) (any, error) { return s.executeCommand(ctx, p) }, nil, true
	case "textDocument/documentLink":
		var p protocol.DocumentLinkParams
		return withDoc(&p, func() protocol.DocumentURI { return p.TextDocument.URI }, func(ctx context.Context, snap *snapshot) (any, error) {
			return s.documentLinks(ctx, snap)
		})
	case "textDocument/foldingRange":
		var p protocol.FoldingRangeParams
		return withDoc(&p, func() protocol.DocumentURI { return p.TextDocument.URI }, func(ctx context.Context, snap *snapshot) (any, error) {
			return s.foldingRanges(ctx, snap)
		})
	case "textDocument/selectionRange":
		var p protocol.SelectionRangeParams
		return withDoc(&p, func() protocol.DocumentURI { return p.TextDocument.URI }, func(ctx context.Context, snap *snapshot) (any, error) {
			return s.selectionRanges(ctx, snap, p.Positions)
		})
	case "textDocument/references":
		var p protocol.ReferenceParams
		return withDoc(&p, func() protocol.DocumentURI { return p.TextDocument.URI }, func(ctx context.Context, snap *snapshot) (any, error) {
			return s.anchorReferences(snap, p.Position, p.Context.IncludeDeclaration), nil
		})
	case "textDocument/documentHighlight":
		var p protocol.DocumentHighlightParams
		return withDoc(&p, func() protocol.DocumentURI { return p.TextDocument.URI }, func(ctx context.Context, snap *snapshot) (any, error) {
			return s.anchorHighlights(snap, p.Position), nil
		})
	case "textDocument/prepareRename":
		var p protocol.PrepareRenameParams
		return withDoc(&p, func() protocol.DocumentURI { return p.TextDocument.URI }, func(ctx context.Context, snap *snapshot) (any, error) {
			return s.prepareRename(snap, p.Position)
		})
	case "textDocument/rename":
		var p protocol.RenameParams
		return withDoc(&p, func() protocol.DocumentURI { return p.TextDocument.URI }, func(ctx context.Context, snap *snapshot) (any, error) {
			return s.renameAnchor(snap, p.Position, p.NewName)
		})
	}
	return nil, nil, false
}

func errInvalidParams(format string, args ...any) error {
	return jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf(format, args...))
}
