package lsp

import (
	"context"
	"strconv"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/diag"
)

// resultFor waits for the lint of the snapshot's version (or a newer one:
// then ok is false, since its ranges do not fit the snapshot).
func (s *Server) resultFor(ctx context.Context, snap *snapshot) (*lintResult, bool, error) {
	d := snap.doc
	for {
		s.mu.Lock()
		r, ready, closed := d.result, d.ready, d.closed
		s.mu.Unlock()
		if r != nil && r.version >= snap.version {
			return r, r.version == snap.version, nil
		}
		if closed {
			return nil, false, nil
		}
		select {
		case <-ready:
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
	}
}

func (s *Server) codeActions(ctx context.Context, snap *snapshot, p protocol.CodeActionParams) (any, error) {
	actions := []protocol.CodeAction{}
	if snap.doc == nil {
		return actions, nil
	}
	if only := p.Context.Only; len(only) > 0 {
		want := false
		for _, k := range only {
			if k == protocol.QuickFix || k == "" || strings.HasPrefix(string(protocol.QuickFix), string(k)+".") {
				want = true
			}
		}
		if !want {
			return actions, nil
		}
	}
	r, ok, err := s.resultFor(ctx, snap)
	if err != nil || !ok {
		return actions, err
	}
	start := toOffset(r.lines, p.Range.Start)
	end := toOffset(r.lines, p.Range.End)
	disabled := map[string]bool{}
	for i, d := range r.res.Diagnostics {
		if d.Range.End < start || d.Range.Start > end {
			continue
		}
		ld := r.diags[i]
		for j, fix := range d.Fixes {
			edits := make([]protocol.TextEdit, len(fix.Edits))
			for k, e := range fix.Edits {
				edits[k] = protocol.TextEdit{Range: toRange(r.lines, e.Range), NewText: e.NewText}
			}
			actions = append(actions, protocol.CodeAction{
				Title:       fix.Title,
				Kind:        protocol.QuickFix,
				Diagnostics: []protocol.Diagnostic{ld},
				IsPreferred: j == 0,
				Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{snap.uri: edits}},
			})
		}
		line := r.lines.Line(d.Range.Start)
		key := d.Code + "\x00" + strconv.Itoa(line)
		if d.Code == "" || !r.res.Silenceable(d.Code) || disabled[key] {
			continue
		}
		disabled[key] = true
		actions = append(actions, protocol.CodeAction{
			Title:       "Disable " + d.Code + " for this line",
			Kind:        protocol.QuickFix,
			Diagnostics: []protocol.Diagnostic{ld},
			Edit: &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{
				snap.uri: {disableLineEdit(r, line, d.Code)},
			}},
		})
	}
	return actions, nil
}

// disableLineEdit inserts "# yamllint disable-line rule:<code>" on its own
// line above the finding (yamllint's convention: such a comment applies to
// the next line), with the line's indentation.
func disableLineEdit(r *lintResult, line int, code string) protocol.TextEdit {
	text := r.lines.LineText(line)
	indent := len(text) - len(strings.TrimLeft(string(text), " \t"))
	start := r.lines.LineStart(line)
	at := toRange(r.lines, diag.Range{Start: start, End: start})
	return protocol.TextEdit{Range: at, NewText: string(text[:indent]) + "# yamllint disable-line rule:" + code + "\n"}
}
