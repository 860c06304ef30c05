package lsp

import (
	"context"
	"strconv"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/fix"
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
	wantQuick, wantFixAll := true, true
	if only := p.Context.Only; len(only) > 0 {
		wantQuick = kindWanted(only, protocol.QuickFix)
		wantFixAll = kindWanted(only, fixAllKind)
	}
	if !wantQuick && !wantFixAll {
		return actions, nil
	}
	r, ok, err := s.resultFor(ctx, snap)
	if err != nil || !ok {
		return actions, err
	}
	if wantFixAll {
		if a := s.fixAllAction(snap, r); a != nil {
			actions = append(actions, *a)
		}
	}
	if !wantQuick {
		return actions, nil
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

// fixAllKind is the code action kind of "apply every safe fix": editors
// run it on save ("editor.codeActionsOnSave": {"source.fixAll": ...}).
const fixAllKind protocol.CodeActionKind = "source.fixAll.yamlint"

// kindWanted reports whether a client's `only` list asks for kind: the
// kind itself or one of its parents ("source", "source.fixAll").
func kindWanted(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	for _, k := range only {
		if k == kind || k == "" || strings.HasPrefix(string(kind), string(k)+".") {
			return true
		}
	}
	return false
}

// fixAllAction applies every safe fix of the document, re-checking until
// nothing more applies (as `yamlint --fix`), as one edit; nil when there
// is nothing to fix.
func (s *Server) fixAllAction(snap *snapshot, r *lintResult) *protocol.CodeAction {
	if len(safeFixes(r.res.Diagnostics)) == 0 || r.linter == nil {
		return nil
	}
	src := snap.text
	res := r.res
	seen := map[string]bool{string(src): true}
	for pass := 0; pass < maxFormatPasses; pass++ {
		out, n := fix.Apply(src, safeFixes(res.Diagnostics))
		if n == 0 || seen[string(out)] {
			break
		}
		seen[string(out)] = true
		src = out
		res = r.linter.Lint(snap.path, src)
	}
	edits := fix.LineEdits(snap.text, src)
	if len(edits) == 0 {
		return nil
	}
	out := make([]protocol.TextEdit, len(edits))
	for i, e := range edits {
		out[i] = protocol.TextEdit{Range: toRange(snap.lines, e.Range), NewText: e.NewText}
	}
	return &protocol.CodeAction{
		Title: "Fix all auto-fixable problems (yamlint)",
		Kind:  fixAllKind,
		Edit:  &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{snap.uri: out}},
	}
}
