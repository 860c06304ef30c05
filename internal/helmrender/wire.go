package helmrender

// The protocol between this package and the yamlint-helm program
// (internal/helmworker): one JSON request on its stdin, one JSON response on
// its stdout.

import "encoding/json"

// Request asks yamlint-helm to load the chart in Dir and render it once per
// values set.
type Request struct {
	// Dir is the chart directory, an absolute path. It is all the program
	// reads.
	Dir         string `json:"dir"`
	KubeVersion string `json:"kubeVersion,omitempty"`
	// ValueSets are overrides of the chart's values, each a JSON object
	// (null: the defaults) or a JSON string: a values file's YAML text,
	// which the program reads as Helm reads `helm template -f` files.
	ValueSets []json.RawMessage `json:"valueSets,omitempty"`
	// TimeoutMillis bounds each render (0: Timeout's default).
	TimeoutMillis int64 `json:"timeoutMillis,omitempty"`
}

// Response is yamlint-helm's answer.
type Response struct {
	Name string `json:"name,omitempty"`
	// Templates are the template sources by chart-relative path.
	Templates map[string][]byte `json:"templates,omitempty"`
	// LoadError says why the chart could not be loaded (then nothing else
	// is set).
	LoadError string `json:"loadError,omitempty"`
	// Renders has one entry per request values set, in order.
	Renders []WireRender `json:"renders,omitempty"`
}

// WireRender is the result of one render: files, or an error (located in
// a template, or a plain message).
type WireRender struct {
	Files   []WireFile `json:"files,omitempty"`
	Error   *Error     `json:"error,omitempty"`
	Message string     `json:"message,omitempty"`
	// ValuesError is set (with Message) when the values set itself could
	// not be read: nothing was rendered.
	ValuesError bool `json:"valuesError,omitempty"`
}

// WireFile is one rendered template; Text travels as base64 so that its
// size on the wire is bounded (4/3) whatever bytes it holds.
type WireFile struct {
	Template string `json:"template"`
	Rendered string `json:"rendered"`
	Text     []byte `json:"text"`
}

// MaxRequest bounds the request yamlint-helm reads.
const MaxRequest = 64 << 20

// Limits on the chart directory yamlint-helm lets Helm's loader read: it
// reads every file of it whole, and the directory comes from the
// repository.
const (
	MaxChartFiles     = 10_000
	MaxChartFileSize  = 10 << 20
	MaxChartTotalSize = 64 << 20
)

// MaxOutput bounds the rendered text of one chart and values set.
const MaxOutput = 16 << 20
