package house

import (
	"path/filepath"
	"reflect"
	"unsafe"

	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/interpreter"

	"github.com/yamlint/yamlint/internal/yamlfile"
)

// valueCache adapts a file's YAML values to CEL values, converting each
// mapping and sequence once for all the rules and instances of the file.
// cel-go wraps a Go map or slice lazily, but wraps it anew, with its
// accessor, on every access through its parent: the same container of a
// document was wrapped once per rule that read it. Keys are the Go
// value's identity (a parsed file's values are never modified, and an
// alias shares its anchor's value, so equal keys mean equal values).
// One file's rules run on one goroutine, so it needs no lock.
type valueCache struct {
	maps  map[unsafe.Pointer]ref.Val
	lists map[listKey]ref.Val
}

type listKey struct {
	data unsafe.Pointer
	n    int
}

// NativeToValue implements types.Adapter. Containers are wrapped with the
// cache as their adapter, so their members are converted through it too.
func (c *valueCache) NativeToValue(v any) ref.Val {
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			break
		}
		k := reflect.ValueOf(v).UnsafePointer()
		if out, ok := c.maps[k]; ok {
			return out
		}
		if c.maps == nil {
			c.maps = map[unsafe.Pointer]ref.Val{}
		}
		out := types.NewStringInterfaceMap(c, v)
		c.maps[k] = out
		return out
	case []any:
		if len(v) == 0 {
			return types.NewDynamicList(c, v)
		}
		k := listKey{unsafe.Pointer(unsafe.SliceData(v)), len(v)}
		if out, ok := c.lists[k]; ok {
			return out
		}
		if c.lists == nil {
			c.lists = map[listKey]ref.Val{}
		}
		out := types.NewDynamicList(c, v)
		c.lists[k] = out
		return out
	}
	return types.DefaultTypeAdapter.NativeToValue(v)
}

// activation is an instance's CEL variables (declared in ruleEnv), each
// converted on first use and kept for the other rules evaluated on the
// instance: most rules read self only.
type activation struct {
	conv *valueCache
	path string
	root *yamlfile.Node
	in   *instance

	self, object, podSpec, job ref.Val
}

var _ interpreter.Activation = (*activation)(nil)

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case "self":
		if a.self == nil {
			a.self = a.conv.NativeToValue(a.in.node.Value)
		}
		return a.self, true
	case "object":
		if a.object == nil {
			a.object = a.conv.NativeToValue(a.root.Value)
		}
		return a.object, true
	case "podSpec":
		if a.podSpec == nil {
			a.podSpec = a.conv.NativeToValue(nodeValue(a.in.podSpec))
		}
		return a.podSpec, true
	case "job":
		if a.job == nil {
			a.job = a.conv.NativeToValue(nodeValue(a.in.job))
		}
		return a.job, true
	case "file":
		return types.String(filepath.ToSlash(a.path)), true
	case "containerType":
		return types.String(a.in.containerType), true
	case "workload":
		return types.String(a.in.workload), true
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }
