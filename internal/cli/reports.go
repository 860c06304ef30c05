package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/yamlint/yamlint/internal/baseline"
	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/gitdiff"
	"github.com/yamlint/yamlint/internal/output"
)

// reportSpec is one --report FORMAT=FILE.
type reportSpec struct {
	format, path string
}

func parseReports(specs []string) ([]reportSpec, error) {
	var out []reportSpec
	for _, s := range specs {
		format, path, ok := strings.Cut(s, "=")
		if !ok || format == "" || path == "" {
			return nil, fmt.Errorf("--report %q: want FORMAT=FILE, e.g. --report sarif=yamlint.sarif", s)
		}
		if _, err := output.New(format, output.Options{}); err != nil {
			return nil, fmt.Errorf("--report %s: %v", s, err)
		}
		out = append(out, reportSpec{format, path})
	}
	return out, nil
}

// writeReport writes files in format to path (never coloured).
func writeReport(format, path string, opts output.Options, files []output.File, sum output.Summary) error {
	opts.Color = false
	f, err := output.New(format, opts)
	if err != nil {
		return err
	}
	w, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := f.Format(w, files, sum); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// versionString is --version's answer: the version set at link time, else
// the module version when built as a module (go install ...@v0.2.0), else
// the VCS revision the binary was built from, else "dev".
func versionString() string {
	if Version != "dev" && Version != "" {
		return Version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	return versionFromBuildInfo(bi)
}

func versionFromBuildInfo(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return "dev+" + rev
}

// filterFiles drops baselined findings and, with --new-from-rev, those on
// unchanged lines; it returns how many of each it dropped.
func filterFiles(files []output.File, base *baseline.Baseline, changes *gitdiff.Changes) (baselined, unchanged int) {
	for i := range files {
		if base != nil {
			var n int
			files[i], n = base.Filter(files[i])
			baselined += n
		}
		// Standard input has no history: all of it counts as new.
		if changes != nil && len(files[i].Diagnostics) > 0 && !isStdinName(files[i].Path) {
			f := files[i]
			fps := output.FingerprintsOf(f)
			kept := f
			kept.Diagnostics, kept.Fingerprints = nil, nil
			for j, d := range f.Diagnostics {
				if !changes.Changed(f.Path, output.SpanOf(f, d).Line) {
					unchanged++
					continue
				}
				kept.Diagnostics = append(kept.Diagnostics, d)
				kept.Fingerprints = append(kept.Fingerprints, fps[j])
			}
			files[i] = kept
		}
	}
	return baselined, unchanged
}

// writeStatistics prints the number of findings per code, most frequent
// first.
func writeStatistics(w io.Writer, files []output.File, reg *codes.Registry) {
	count := map[string]int{}
	sev := map[string]string{}
	for _, f := range files {
		for _, d := range f.Diagnostics {
			count[d.Code]++
			sev[d.Code] = d.Severity.String()
		}
	}
	ids := make([]string, 0, len(count))
	width := 4
	for id := range count {
		ids = append(ids, id)
		width = max(width, len(id))
	}
	sort.Slice(ids, func(i, j int) bool {
		if count[ids[i]] != count[ids[j]] {
			return count[ids[i]] > count[ids[j]]
		}
		return ids[i] < ids[j]
	})
	total := 0
	for _, id := range ids {
		total += count[id]
		summary := ""
		if c := reg.Lookup(id); c != nil {
			summary = c.Summary
		}
		fmt.Fprintf(w, "%6d  %-*s  %-7s  %s\n", count[id], width, id, sev[id], summary)
	}
	fmt.Fprintf(w, "%6d  total\n", total)
}

// progress shows "checked N/M files" on a terminal once a run has taken
// longer than delay; never when the output is not a terminal or CI is set,
// so logs stay clean.
type progress struct {
	w      io.Writer
	total  int
	done   atomic.Int64
	stop   chan struct{}
	wg     sync.WaitGroup
	shown  atomic.Bool
	active bool
}

func progressEnabled(stderr io.Writer) bool {
	if os.Getenv("CI") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(stderr)
}

func startProgress(w io.Writer, total int, enabled bool, delay, every time.Duration) *progress {
	p := &progress{w: w, total: total, stop: make(chan struct{}), active: enabled && total > 1}
	if !p.active {
		return p
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		select {
		case <-p.stop:
			return
		case <-time.After(delay):
		}
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			p.shown.Store(true)
			fmt.Fprintf(p.w, "\r\x1b[Kyamlint: checked %d/%d files", p.done.Load(), p.total)
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

// tick records one finished file.
func (p *progress) tick() {
	if p != nil {
		p.done.Add(1)
	}
}

// finish stops the line and erases it.
func (p *progress) finish() {
	if p == nil || !p.active {
		return
	}
	close(p.stop)
	p.wg.Wait()
	if p.shown.Load() {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// mergedCodes is one registry holding the codes of every linter of the run
// (each configuration may declare its own house rules), for report formats
// that describe the codes they carry.
func mergedCodes(linters []*engine.Linter) *codes.Registry {
	reg := codes.Builtin()
	for _, l := range linters {
		var extra []codes.Code
		for _, c := range l.Codes().All() {
			if reg.Lookup(c.ID) == nil {
				extra = append(extra, *c)
			}
		}
		if len(extra) > 0 {
			if r, err := reg.With(extra...); err == nil {
				reg = r
			}
		}
	}
	return reg
}

func isStdinName(p string) bool { return p == "-" || strings.HasPrefix(p, "<") }
