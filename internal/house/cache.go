package house

import (
	"sync"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// docResult is the findings of the set's expression rules on one
// document, with the document's start they are relative to.
type docResult struct {
	start int
	diags []diag.Diagnostic
}

// maxMemo bounds the memo; past it the memo starts afresh.
const maxMemo = 4096

type memo struct {
	mu sync.Mutex
	m  map[string]docResult
}

// CheckCached is Check reusing the findings of documents checked before
// with the same text, path and format: the language server re-checks a
// file on every edit and most of its documents are unchanged. Rules
// written in Go (which look across documents) and admission policies are
// run afresh.
func (s *Set) CheckCached(path string, f *yamlfile.File, docs []Doc, report func(diag.Diagnostic), pend ...func(*Pending)) {
	if s == nil || f == nil {
		return
	}
	var p func(*Pending)
	if len(pend) > 0 {
		p = pend[0]
	}
	s.memoOnce.Do(func() { s.memo = &memo{m: map[string]docResult{}} })
	cache := newInstanceCache()
	defer cache.release()
	for _, d := range docs {
		if d.Doc == nil || d.Doc.Root == nil {
			continue
		}
		key := path + "\x00" + d.Format + "\x00" + d.SchemaURL + "\x00" + string(f.Src[d.Doc.Range.Start:d.Doc.Range.End])
		s.memo.mu.Lock()
		r, hit := s.memo.m[key]
		s.memo.mu.Unlock()
		if hit {
			delta := d.Doc.Range.Start - r.start
			for _, dg := range r.diags {
				if dg.Range != (diag.Range{}) {
					dg.Range.Start += delta
					dg.Range.End += delta
				}
				report(dg)
			}
			continue
		}
		var own []diag.Diagnostic
		for _, rule := range s.Rules {
			if rule.Go != nil {
				continue
			}
			ctx := &Context{Rule: rule, Set: s, File: f, Path: path, Docs: []Doc{d}, report: func(dg diag.Diagnostic) { own = append(own, dg) }, pend: p, cache: cache}
			ctx.run()
		}
		for _, dg := range own {
			report(dg)
		}
		s.memo.mu.Lock()
		if len(s.memo.m) >= maxMemo {
			s.memo.m = map[string]docResult{}
		}
		s.memo.m[key] = docResult{start: d.Doc.Range.Start, diags: own}
		s.memo.mu.Unlock()
	}
	for _, rule := range s.Rules {
		if rule.Go == nil {
			continue
		}
		ctx := &Context{Rule: rule, Set: s, File: f, Path: path, Docs: docs, report: report, pend: p, cache: cache}
		ctx.run()
	}
	if !s.Policies.Empty() {
		s.Policies.check(s, path, f, docs, report)
	}
}
