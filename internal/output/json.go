package output

import (
	"encoding/json"
	"io"
)

func init() { Register("json", func(Options) Formatter { return jsonFormat{} }) }

// jsonFormat writes one JSON array of flat objects, for tools and scripts.
type jsonFormat struct{}

type jsonDiag struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Severity  string `json:"severity"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}

func (jsonFormat) Format(w io.Writer, files []File, _ Summary) error {
	out := []jsonDiag{}
	for _, f := range files {
		for _, d := range f.Diagnostics {
			s := SpanOf(f, d)
			out = append(out, jsonDiag{f.Path, s.Line, s.Column, s.EndLine, s.EndColumn, d.Severity.String(), d.Code, d.Message})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
