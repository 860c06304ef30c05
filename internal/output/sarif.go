package output

import (
	"encoding/json"
	"io"
	"net/url"
	"sort"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
)

func init() { Register("sarif", func(o Options) Formatter { return sarifFormat{o} }) }

// sarifFormat writes SARIF 2.1.0 (OASIS), as GitHub code scanning and other
// result viewers read it. Columns are Unicode code points, declared with
// run.columnKind so no consumer has to guess (SARIF lets a producer count in
// UTF-16 code units or code points; yamlint counts characters everywhere
// but the LSP edge). Artifact URIs are relative to the working directory
// with uriBaseId %SRCROOT%, left undefined in the log so it does not carry
// the runner's directory layout: the consumer (code scanning: the checkout)
// supplies it.
type sarifFormat struct{ opts Options }

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// partialFingerprints key; the value is internal/fingerprint's
	// "HASH:N", independent of line numbers.
	sarifFingerprintKey = "yamlintFingerprint/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Artifacts   []sarifArtifact   `json:"artifacts,omitempty"`
	Results     []sarifResult     `json:"results"`
	ColumnKind  string            `json:"columnKind"`
	Properties  map[string]any    `json:"properties,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool `json:"executionSuccessful"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name,omitempty"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      *sarifText      `json:"fullDescription,omitempty"`
	Help                 *sarifText      `json:"help,omitempty"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           map[string]any  `json:"properties,omitempty"`
}

type sarifRuleConfig struct {
	Enabled bool   `json:"enabled"`
	Level   string `json:"level"`
}

type sarifArtifact struct {
	Location sarifArtifactLoc `json:"location"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
	Index     *int   `json:"index,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           sarifRegion      `json:"region"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.SeverityError:
		return "error"
	case diag.SeverityWarning:
		return "warning"
	case diag.SeverityInfo:
		return "note"
	}
	return "none"
}

// sarifURI percent-encodes a slash-separated relative path as a URI
// reference (spaces, '#', '%' and non-ASCII must not stay raw).
func sarifURI(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

func (s sarifFormat) Format(w io.Writer, files []File, sum Summary) error {
	reg := s.opts.registry()
	findings := Findings(files)

	// Rules: the codes the results use, from the registry, sorted by id so
	// ruleIndex is stable.
	used := map[string]bool{}
	for _, f := range findings {
		used[f.Diag.Code] = true
	}
	ids := make([]string, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	ruleIndex := map[string]int{}
	rules := make([]sarifRule, 0, len(ids))
	for i, id := range ids {
		ruleIndex[id] = i
		r := sarifRule{ID: id, ShortDescription: sarifText{Text: id}, HelpURI: s.opts.HelpURI(id),
			DefaultConfiguration: sarifRuleConfig{Enabled: true, Level: "error"}}
		if c := reg.Lookup(id); c != nil {
			if c.Summary != "" {
				r.ShortDescription = sarifText{Text: c.Summary}
			}
			if c.Explanation != "" {
				r.FullDescription = &sarifText{Text: c.Explanation}
				r.Help = &sarifText{Text: c.Explanation, Markdown: c.Explanation}
			}
			r.DefaultConfiguration = sarifRuleConfig{Enabled: c.DefaultEnabled, Level: sarifLevel(c.DefaultSeverity)}
			props := map[string]any{"tags": []string{c.Category}}
			if c.Source != "" {
				props["source"] = c.Source
			}
			r.Properties = props
		}
		rules = append(rules, r)
	}

	artifactIndex := map[string]int{}
	var artifacts []sarifArtifact
	results := make([]sarifResult, 0, len(findings))
	for _, f := range findings {
		uri := sarifURI(RelPath(f.File.Path))
		base := "%SRCROOT%"
		if strings.HasPrefix(RelPath(f.File.Path), "/") {
			uri, base = "file://"+uri, ""
		}
		idx, ok := artifactIndex[uri]
		if !ok {
			idx = len(artifacts)
			artifactIndex[uri] = idx
			artifacts = append(artifacts, sarifArtifact{Location: sarifArtifactLoc{URI: uri, URIBaseID: base}})
		}
		sp := f.Span
		endLine, endCol := sp.EndLine, sp.EndColumn
		if endLine < sp.Line || (endLine == sp.Line && endCol <= sp.Column) {
			// A point: SARIF regions are [start, end) in columns, so an
			// empty range would be empty; show the one character.
			endLine, endCol = sp.Line, sp.Column+1
		}
		i := idx
		results = append(results, sarifResult{
			RuleID:    f.Diag.Code,
			RuleIndex: ruleIndex[f.Diag.Code],
			Level:     sarifLevel(f.Diag.Severity),
			Message:   sarifText{Text: f.Diag.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifactLoc{URI: uri, URIBaseID: base, Index: &i},
				Region:           sarifRegion{StartLine: sp.Line, StartColumn: sp.Column, EndLine: endLine, EndColumn: endCol},
			}}},
			PartialFingerprints: map[string]string{sarifFingerprintKey: f.Fingerprint},
		})
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{Name: "yamlint", Version: s.opts.ToolVersion,
			InformationURI: "https://github.com/yamlint/yamlint", Rules: rules}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: true}},
		Artifacts:   artifacts,
		Results:     results,
		ColumnKind:  "unicodeCodePoints",
	}
	if sum.Baselined > 0 || sum.Unchanged > 0 {
		run.Properties = map[string]any{"baselined": sum.Baselined, "unchanged": sum.Unchanged}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}
