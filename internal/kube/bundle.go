package kube

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/yamlint/yamlint/schemastore"
)

// bundle is one decoded schemastore/kubernetes/vX.Y.json.gz. Its
// definitions stay raw JSON until a linted kind reaches them: a run that
// sees three kinds decodes a few dozen of the release's ~700 definitions.
type bundle struct {
	Version     string                       `json:"version"`
	Source      string                       `json:"source"`
	Kinds       map[string]map[string]string `json:"kinds"`
	Definitions map[string]json.RawMessage   `json:"definitions"`

	decoded sync.Map // name -> *decodedDef
}

type decodedDef struct {
	once sync.Once
	v    map[string]any
}

// def returns the decoded definition name (nil if the release has none);
// decoded once, then shared read-only.
func (b *bundle) def(name string) map[string]any {
	raw, ok := b.Definitions[name]
	if !ok {
		return nil
	}
	e, _ := b.decoded.LoadOrStore(name, &decodedDef{})
	d := e.(*decodedDef)
	d.once.Do(func() { _ = json.Unmarshal(raw, &d.v) })
	return d.v
}

type indexFile struct {
	Versions []struct {
		Version string              `json:"version"`
		File    string              `json:"file"`
		Kinds   map[string][]string `json:"kinds"`
	} `json:"versions"`
	Lifecycle map[string]lifecycle `json:"lifecycle"`
}

// lifecycle is a beta/alpha kind's prerelease lifecycle from k8s.io/api.
type lifecycle struct {
	Introduced  string `json:"introduced"`
	Deprecated  string `json:"deprecated"`
	Removed     string `json:"removed"`
	Replacement string `json:"replacement"`
}

var (
	indexOnce sync.Once
	index     *indexFile
	indexErr  error

	bundlesMu sync.Mutex
	bundles   = map[string]*bundleEntry{}
)

type bundleEntry struct {
	once sync.Once
	b    *bundle
	err  error
}

func loadIndex() (*indexFile, error) {
	indexOnce.Do(func() {
		data, err := schemastoreRead("index.json")
		if err != nil {
			indexErr = err
			return
		}
		var x indexFile
		if err := json.Unmarshal(data, &x); err != nil {
			indexErr = fmt.Errorf("kubernetes/index.json: %w", err)
			return
		}
		sort.Slice(x.Versions, func(i, j int) bool { return versionLess(x.Versions[i].Version, x.Versions[j].Version) })
		index = &x
	})
	return index, indexErr
}

func schemastoreRead(name string) ([]byte, error) {
	f, err := schemastore.Kubernetes().Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// loadBundle decompresses and decodes a bundle on first use; later calls
// (from any goroutine) share the result.
func loadBundle(version string) (*bundle, error) {
	x, err := loadIndex()
	if err != nil {
		return nil, err
	}
	file := ""
	for _, v := range x.Versions {
		if v.Version == version {
			file = v.File
		}
	}
	if file == "" {
		return nil, fmt.Errorf("no bundled Kubernetes %s", version)
	}
	bundlesMu.Lock()
	e := bundles[version]
	if e == nil {
		e = &bundleEntry{}
		bundles[version] = e
	}
	bundlesMu.Unlock()
	e.once.Do(func() {
		data, err := gunzipBundle(file)
		if err != nil {
			e.err = fmt.Errorf("kubernetes/%s: %w", file, err)
			return
		}
		b, err := decodeBundle(data)
		if err != nil {
			e.err = fmt.Errorf("kubernetes/%s: %w", file, err)
			return
		}
		e.b = b
	})
	return e.b, e.err
}

// Versions lists the bundled Kubernetes releases (e.g. "v1.36.3"), oldest
// first.
func Versions() []string {
	x, err := loadIndex()
	if err != nil {
		return nil
	}
	out := make([]string, len(x.Versions))
	for i, v := range x.Versions {
		out[i] = v.Version
	}
	return out
}

// DefaultVersion is the newest bundled release.
func DefaultVersion() string {
	v := Versions()
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// ResolveVersion maps a user's version ("1.30", "v1.30.2", "1.30.14",
// "latest", "") to a bundled release with the same minor (the patch is
// ignored: patches do not change the API).
func ResolveVersion(v string) (string, error) {
	if v == "" || v == "latest" || v == "master" {
		return DefaultVersion(), nil
	}
	want, ok := minorOf(v)
	if !ok {
		return "", fmt.Errorf("invalid Kubernetes version %q (want e.g. 1.30)", v)
	}
	var have []string
	for _, b := range Versions() {
		m, _ := minorOf(b)
		if m == want {
			return b, nil
		}
		have = append(have, strings.TrimPrefix(b[:strings.LastIndex(b, ".")], "v"))
	}
	return "", fmt.Errorf("Kubernetes %s is not bundled (bundled: %s)", v, strings.Join(have, ", "))
}

// minorOf returns the minor of "v1.30.2" / "1.30" (30).
func minorOf(v string) (int, bool) {
	v = strings.TrimPrefix(v, "v")
	parts := strings.Split(v, ".")
	if len(parts) < 2 || parts[0] != "1" {
		return 0, false
	}
	for _, p := range parts {
		if _, err := strconv.Atoi(p); err != nil {
			return 0, false
		}
	}
	n, _ := strconv.Atoi(parts[1])
	return n, true
}

func versionLess(a, b string) bool {
	ma, _ := minorOf(a)
	mb, _ := minorOf(b)
	if ma != mb {
		return ma < mb
	}
	pa := a[strings.LastIndex(a, ".")+1:]
	pb := b[strings.LastIndex(b, ".")+1:]
	na, _ := strconv.Atoi(pa)
	nb, _ := strconv.Atoi(pb)
	return na < nb
}

func openKubernetes(name string) (fs.File, error) { return schemastore.Kubernetes().Open(name) }

// gunzipBundle decompresses a bundle (errors unprefixed: the caller names
// the file) into a buffer of its final size, read
// from the gzip trailer (ISIZE), instead of one grown by doubling: 1.7 MB
// less to allocate and copy on every run that checks Kubernetes objects.
func gunzipBundle(file string) ([]byte, error) {
	gz, err := schemastoreRead(file)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	const maxBundle = 64 << 20
	if len(gz) >= 4 {
		if n := binary.LittleEndian.Uint32(gz[len(gz)-4:]); n > 0 && n <= maxBundle {
			buf := make([]byte, n)
			if _, err := io.ReadFull(zr, buf); err != nil {
				return nil, err
			}
			// The end of the stream checks the checksum.
			if m, err := zr.Read(make([]byte, 1)); m == 0 && err == io.EOF {
				return buf, nil
			} else if err != nil && err != io.EOF {
				return nil, err
			}
			return nil, errors.New("longer than its gzip trailer says")
		}
	}
	return io.ReadAll(io.LimitReader(zr, maxBundle))
}
