package lsp

import (
	"context"
	"encoding/json"

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
	}
	return nil, nil, false
}
