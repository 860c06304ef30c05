package lsp

import (
	"context"
	"strconv"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/textpos"
)

// toRange converts a byte range to an LSP range (UTF-16 columns).
func toRange(lines *textpos.LineIndex, r diag.Range) protocol.Range {
	sl, sc := lines.UTF16Position(r.Start)
	el, ec := lines.UTF16Position(max(r.End, r.Start))
	return protocol.Range{
		Start: protocol.Position{Line: uint32(sl), Character: uint32(sc)},
		End:   protocol.Position{Line: uint32(el), Character: uint32(ec)},
	}
}

// toOffset converts an LSP position to a byte offset.
func toOffset(lines *textpos.LineIndex, p protocol.Position) int {
	return lines.OffsetUTF16(int(p.Line), int(p.Character))
}

func toSeverity(s diag.Severity) protocol.DiagnosticSeverity {
	switch s {
	case diag.SeverityError:
		return protocol.DiagnosticSeverityError
	case diag.SeverityWarning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}

// toLSPDiagnostic converts d; with a docs URL (setting yamlint.docsUrl, the
// address of docs/rules.md) the code links to its section there.
func toLSPDiagnostic(d diag.Diagnostic, lines *textpos.LineIndex, docsURL string) protocol.Diagnostic {
	out := protocol.Diagnostic{
		Range:    toRange(lines, d.Range),
		Severity: toSeverity(d.Severity),
		Code:     d.Code,
		Source:   "yamlint",
		Message:  d.Message,
	}
	if docsURL != "" && d.Code != "" {
		out.CodeDescription = &protocol.CodeDescription{Href: protocol.URI(docsURL + "#" + codes.Anchor(d.Code))}
	}
	return out
}

func toLSPDiagnostics(ds []diag.Diagnostic, lines *textpos.LineIndex, docsURL string) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, len(ds))
	for i, d := range ds {
		out[i] = toLSPDiagnostic(d, lines, docsURL)
	}
	return out
}

// LSP 3.17 pull diagnostics, absent from protocol v0.12.

type documentDiagnosticParams struct {
	TextDocument     protocol.TextDocumentIdentifier `json:"textDocument"`
	Identifier       string                          `json:"identifier,omitempty"`
	PreviousResultID string                          `json:"previousResultId,omitempty"`
}

type documentDiagnosticReport struct {
	Kind     string                 `json:"kind"` // "full" or "unchanged"
	ResultID string                 `json:"resultId,omitempty"`
	Items    *[]protocol.Diagnostic `json:"items,omitempty"`
}

// pullDiagnostics answers textDocument/diagnostic with the diagnostics of
// the version the request saw (or a newer one), waiting for the lint.
func (s *Server) pullDiagnostics(ctx context.Context, snap *snapshot, p documentDiagnosticParams) (any, error) {
	d := snap.doc
	if d == nil {
		empty := []protocol.Diagnostic{}
		return documentDiagnosticReport{Kind: "full", Items: &empty}, nil
	}
	for {
		s.mu.Lock()
		r, ready, closed := d.result, d.ready, d.closed
		s.mu.Unlock()
		if r != nil && r.version >= snap.version {
			id := strconv.FormatUint(r.seq, 10)
			if p.PreviousResultID == id {
				return documentDiagnosticReport{Kind: "unchanged", ResultID: id}, nil
			}
			items := r.diags
			if items == nil {
				items = []protocol.Diagnostic{}
			}
			return documentDiagnosticReport{Kind: "full", ResultID: id, Items: &items}, nil
		}
		if closed {
			empty := []protocol.Diagnostic{}
			return documentDiagnosticReport{Kind: "full", Items: &empty}, nil
		}
		select {
		case <-ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// enterPullMode stops pushing; diagnostics pushed before are cleared so
// that the client shows only the pulled ones.
func (s *Server) enterPullMode() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pullMode {
		return
	}
	s.pullMode = true
	for _, d := range s.docs {
		if d.result != nil {
			v := d.version
			s.publishLocked(d.uri, &v, nil)
		}
	}
}
