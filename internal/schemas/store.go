package schemas

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/safehttp"
	"github.com/yamlint/yamlint/internal/textpos"
	"github.com/yamlint/yamlint/internal/yamlfile"
	"github.com/yamlint/yamlint/schemastore"
)

// DefaultMaxSchemaSize bounds a schema read from a file, the cache or the
// network when Store.MaxSize is unset (the engine sets it to the config's
// max-file-size): schemas are small; anything bigger is a mistake or an
// attack, and a linter must not exhaust memory on it.
const DefaultMaxSchemaSize = 10 << 20

// remoteTimeout bounds one remote fetch, redirects and body included.
const remoteTimeout = 15 * time.Second

// Store loads and compiles schemas once per process. It is safe for
// concurrent use.
type Store struct {
	AllowRemote bool
	// AllowPrivateNetwork lets remote fetches reach loopback, private and
	// link-local addresses (refused by default).
	AllowPrivateNetwork bool
	// MaxSize bounds every schema read (bytes; 0: DefaultMaxSchemaSize,
	// negative: no limit).
	MaxSize int64
	// Roots confines local schema files (nil: no confinement, for callers
	// that only read schemas they chose themselves).
	Roots *Roots
	// RootCAs replaces the system roots for remote fetches (tests).
	RootCAs *x509.CertPool
	// CacheDir holds fetched remote schemas ("" = the user cache dir).
	CacheDir string
	// Fetch overrides the whole download of a URL (tests); nil = getRemote.
	Fetch func(ctx context.Context, url string) ([]byte, error)
	// Client makes the HTTPS requests of getRemote (nil = HTTPClient(),
	// the safehttp client). Tests may inject one for their loopback TLS
	// server instead of RootCAs + AllowPrivateNetwork.
	Client *http.Client
	// MaxAge is how old a cached download may be before it is revalidated
	// (0 = DefaultMaxAge).
	MaxAge time.Duration
	// Refresh revalidates every cached download regardless of age
	// (--update-schemas).
	Refresh bool
	// Notify is told, once per store, when a download failed and the cache
	// was used instead (offline).
	Notify      func(msg string)
	offlineOnce sync.Once
	// Mirror maps schema URLs to local files read instead of fetching, so
	// schemas that $ref each other by URL work offline.
	Mirror map[string]string

	// mu serializes compiles (the compiler is not safe for concurrent
	// use); compiled holds the finished ones (url -> compiled) and is read
	// without mu, so a lint needing a schema compiled long ago does not
	// wait behind another lint's compile of a large one.
	mu       sync.Mutex
	compiler *jsonschema.Compiler
	compiled sync.Map

	clientOnce sync.Once
	client     *http.Client

	rawMu sync.Mutex
	raw   map[string]any // loaded documents by URL without fragment
	// extra resources added before compiling (e.g. Kubernetes bundles).
	resources map[string]any
}

type compiled struct {
	schema *jsonschema.Schema
	err    error
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{raw: map[string]any{}, resources: map[string]any{}}
}

// LoadError explains why a schema could not be used, naming the schema and,
// when known, the position inside it.
type LoadError struct {
	URL  string
	Line int // 1-based, 0 if unknown
	Col  int
	Err  error
}

func (e *LoadError) Error() string {
	loc := DisplayURL(e.URL)
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", loc, e.Line, e.Col)
	}
	return fmt.Sprintf("schema %s: %v", loc, e.Err)
}

func (e *LoadError) Unwrap() error { return e.Err }

// DisplayURL shows a file:// URL as a path relative to the working directory.
func DisplayURL(u string) string {
	if strings.HasPrefix(u, "file://") {
		p := filepath.FromSlash(strings.TrimPrefix(u, "file://"))
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
				return rel
			}
		}
		return p
	}
	return u
}

// AddResource registers a schema document under url before it is compiled,
// so that references to url resolve without loading.
func (s *Store) AddResource(url string, doc any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resources[url] = doc
	s.rawMu.Lock()
	s.raw[stripFragment(url)] = doc
	s.rawMu.Unlock()
	if s.compiler != nil {
		_ = s.compiler.AddResource(url, doc)
	}
}

// Compile returns the compiled schema for url, compiling it on first use.
// Errors are cached too: a broken schema is reported, never retried.
func (s *Store) Compile(url string) (*jsonschema.Schema, error) {
	if c, ok := s.compiled.Load(url); ok {
		return c.(compiled).schema, c.(compiled).err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.compiled.Load(url); ok {
		return c.(compiled).schema, c.(compiled).err
	}
	if s.compiler == nil {
		s.compiler = s.newCompiler()
	}
	sch, err := s.compiler.Compile(url)
	if err != nil {
		err = s.explain(url, err)
		// A failed compile can leave the compiler half-populated; start
		// afresh for the next schema.
		s.compiler = s.newCompiler()
	}
	s.compiled.Store(url, compiled{sch, err})
	return sch, err
}

func (s *Store) newCompiler() *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7) // what editors assume without $schema
	// Formats are asserted, as editors and SchemaStore's own tests do; the
	// validator ignores formats it does not know.
	c.AssertFormat()
	for _, f := range append(uriFormats(), kubeFormats()...) {
		c.RegisterFormat(f)
	}
	c.UseLoader(loaderFunc(s.load))
	c.UseRegexpEngine(regexpEngine)
	for u, doc := range s.resources {
		_ = c.AddResource(u, doc)
	}
	return c
}

type loaderFunc func(string) (any, error)

func (f loaderFunc) Load(u string) (any, error) { return f(u) }

// Raw returns the loaded JSON document for a schema URL (without fragment),
// loading it when needed; hover, completion and error messages read it.
func (s *Store) Raw(u string) (any, error) {
	u = stripFragment(u)
	s.rawMu.Lock()
	doc, ok := s.raw[u]
	s.rawMu.Unlock()
	if ok {
		return doc, nil
	}
	doc, err := s.load(u)
	if err != nil {
		return nil, err
	}
	return doc, nil
}

func stripFragment(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		return u[:i]
	}
	return u
}

// load is the compiler's loader (and Raw's); it records what it loaded.
func (s *Store) load(u string) (any, error) {
	key := stripFragment(u)
	data, err := s.fetch(key)
	if err != nil {
		return nil, &LoadError{URL: key, Err: err}
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		le := &LoadError{URL: key, Err: fmt.Errorf("invalid JSON: %s", jsonSyntaxText(err))}
		if off, ok := jsonErrOffset(data); ok {
			p := textpos.New(data).Position(off)
			le.Line, le.Col = p.Line, p.Column
		}
		return nil, le
	}
	doc = refSiblingsAsAllOf(doc)
	s.rawMu.Lock()
	s.raw[key] = doc
	s.rawMu.Unlock()
	return doc, nil
}

func jsonErrText(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.HasPrefix(msg, "jsonschema") {
		return msg[i+2:]
	}
	return msg
}

// jsonErrOffset re-decodes data with encoding/json to learn where it breaks.
func jsonErrOffset(data []byte) (int, bool) {
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return int(se.Offset) - 1, true
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return int(te.Offset), true
	}
	if err != nil {
		return len(data), true
	}
	return 0, false
}

// ErrRemoteDisabled is returned for remote schemas without opt-in. Only the
// user turns fetching on: a repository's own config cannot.
var ErrRemoteDisabled = errors.New("remote schemas are not fetched by default; pass --allow-remote (yamlint.allowRemote in the editor, `remote: true` in your user config), or give a local copy with --ref FILE")

func (s *Store) maxSize() int64 {
	switch {
	case s.MaxSize == 0:
		return DefaultMaxSchemaSize
	case s.MaxSize < 0:
		return 0 // safefs: no limit
	}
	return s.MaxSize
}

// readLocal reads a schema file: inside the roots, a regular file, within
// the size limit. Errors carry no path (the caller names the schema).
func (s *Store) readLocal(p string, confine bool) ([]byte, error) {
	if confine {
		if err := s.Roots.Check(p); err != nil {
			return nil, err
		}
	}
	data, err := safefs.ReadFile(p, s.maxSize())
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, pe.Err
		}
	}
	return data, err
}

func (s *Store) fetch(u string) ([]byte, error) {
	if p, ok := s.Mirror[u]; ok {
		return s.readLocal(p, false) // chosen by the program, not the input
	}
	switch {
	case schemastore.IsBundled(u):
		return schemastore.Schema(u)
	case strings.HasPrefix(u, "file://"):
		p, _ := LocalPath(u)
		return s.readLocal(p, true)
	case strings.HasPrefix(u, "https://"):
		if isMetaSchema(u) {
			return nil, fmt.Errorf("meta-schema %s is built in", u)
		}
		if !s.AllowRemote {
			// A well-known remote schema with a bundled equivalent (e.g. a
			// json.schemastore.org modeline) is checked offline with ours.
			if b, ok := schemastore.Equivalent(u); ok {
				return schemastore.Schema(b)
			}
			// What the user downloaded before (--update-schemas, an
			// earlier --allow-remote run) is read offline.
			if data, _, ok := s.readCache(u); ok {
				return data, nil
			}
			return nil, ErrRemoteDisabled
		}
		return s.fetchRemote(u)
	case strings.HasPrefix(u, "http://"):
		if !s.AllowRemote {
			return nil, ErrRemoteDisabled
		}
		return nil, safehttp.ErrNotHTTPS
	}
	return nil, errors.New("unsupported schema location")
}

func isMetaSchema(u string) bool {
	return strings.HasPrefix(u, "https://json-schema.org/")
}

// HTTPClient returns the store's client for remote fetches (see package
// safehttp: https only, non-public addresses refused unless allowed).
func (s *Store) HTTPClient() *http.Client {
	s.clientOnce.Do(func() {
		s.client = safehttp.NewClient(safehttp.Options{AllowPrivate: s.AllowPrivateNetwork, Timeout: remoteTimeout, RootCAs: s.RootCAs})
	})
	return s.client
}

// explain turns a compile error into one LoadError naming the schema file
// and, when it can, the line and column inside it.
func (s *Store) explain(u string, err error) error {
	var lue *jsonschema.LoadURLError
	if errors.As(err, &lue) {
		err = lue.Err
	}
	var le *LoadError
	if errors.As(err, &le) {
		return le
	}
	var sve *jsonschema.SchemaValidationError
	if errors.As(err, &sve) {
		out := &LoadError{URL: stripFragment(sve.URL), Err: errors.New("not a valid JSON schema")}
		var ve *jsonschema.ValidationError
		if errors.As(sve.Err, &ve) {
			leaves := collect(ve)
			leaf := leaves[0]
			for _, l := range leaves[1:] {
				if len(l.InstanceLocation) > len(leaf.InstanceLocation) {
					leaf = l
				}
			}
			ptr := "/" + strings.Join(leaf.InstanceLocation, "/")
			out.Err = fmt.Errorf("not a valid JSON schema: at %s: %s", ptr, metaSchemaText(leaf.ErrorKind))
			out.Line, out.Col = s.locate(out.URL, leaf.InstanceLocation)
		}
		return out
	}
	return &LoadError{URL: stripFragment(u), Err: errors.New(compileErrText(err))}
}

// locate finds the line and column of a JSON pointer inside a schema file
// (JSON is YAML, so the YAML parser's positions serve).
func (s *Store) locate(u string, path []string) (int, int) {
	data, err := s.fetch(u)
	if err != nil {
		return 0, 0
	}
	f := yamlfile.Parse(u, data, yamlfile.Options{})
	if len(f.Docs) == 0 {
		return 0, 0
	}
	n, _ := f.Docs[0].Lookup(path)
	if n == nil {
		return 0, 0
	}
	p := f.Lines.Position(n.Range.Start)
	return p.Line, p.Column
}

func oneLineErr(err error) string {
	msg := strings.ReplaceAll(err.Error(), "\n", "; ")
	msg = strings.Join(strings.Fields(msg), " ")
	return msg
}

// regexpEngine compiles JSON Schema patterns, which are ECMA-262 regular
// expressions. Go's RE2 handles most of them fast; the rest (lookaround,
// backreferences) go to regexp2 in ECMAScript mode with a match timeout, so
// a pathological pattern cannot hang a run; a value whose match times out
// is reported as not checked (PatternTimeoutCode). A pattern neither accepts
// matches everything: a check we cannot perform must not become a false
// error.
func regexpEngine(s string) (jsonschema.Regexp, error) {
	if re, ok := compiledPatterns.Load(s); ok {
		return re.(jsonschema.Regexp), nil
	}
	re := compileSchemaPattern(s)
	if patternCount.Add(1) <= maxCachedPatterns {
		compiledPatterns.Store(s, re)
	}
	return re, nil
}

// compiledPatterns caches regexpEngine per process: schemas repeat their
// patterns (the compose schema has "^x-" fifty times, 195 patterns in
// all), and each occurrence was compiled anew on every run. The compiled
// forms are safe for concurrent use. Bounded: a schema is untrusted input.
var (
	compiledPatterns sync.Map // pattern -> jsonschema.Regexp
	patternCount     atomic.Int64
)

const maxCachedPatterns = 4096

func compileSchemaPattern(s string) jsonschema.Regexp {
	if re, err := regexp.Compile(s); err == nil {
		return re
	}
	if re, err := regexp.Compile(translateECMA(s)); err == nil {
		return re
	}
	if re, err := regexp2.Compile(s, regexp2.ECMAScript); err == nil {
		re.MatchTimeout = patternMatchTimeout
		return ecmaRegexp{re}
	}
	return permissive(s)
}

type ecmaRegexp struct{ re *regexp2.Regexp }

func (e ecmaRegexp) String() string { return e.re.String() }

// PatternTimeoutCode is the code of a value whose pattern check ran out of
// time: it was not checked (neither passed nor failed).
const PatternTimeoutCode = "schema-pattern-timeout"

// patternMatchTimeout bounds one regexp2 match (catastrophic backtracking).
const patternMatchTimeout = 100 * time.Millisecond

func (e ecmaRegexp) MatchString(s string) bool {
	ok, err := e.re.MatchString(s)
	if err != nil {
		// Reported as a mismatch so the validator names the value; the
		// mapper finds it here and says the check timed out instead.
		timedOut.add(e.re.String(), s)
		return false
	}
	return ok
}

// timedOut remembers the (pattern, value) pairs whose match timed out, for
// the mapper that turns the validator's errors into diagnostics right after
// the match. It is bounded: a pathological file gets the time budget's worth
// of timeouts, and the oldest are forgotten.
var timedOut = &timeoutSet{m: map[string]struct{}{}}

type timeoutSet struct {
	mu sync.Mutex
	m  map[string]struct{}
}

func (t *timeoutSet) add(pattern, value string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.m) >= 4096 {
		clear(t.m)
	}
	t.m[pattern+"\x00"+value] = struct{}{}
}

func (t *timeoutSet) has(pattern, value string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.m[pattern+"\x00"+value]
	return ok
}

type permissive string

func (p permissive) String() string            { return string(p) }
func (p permissive) MatchString(s string) bool { return true }

var unicodeEscape = regexp.MustCompile(`\\u([0-9a-fA-F]{4})`)

func translateECMA(s string) string {
	s = unicodeEscape.ReplaceAllString(s, `\x{$1}`)
	s = strings.ReplaceAll(s, `\/`, `/`)
	s = strings.ReplaceAll(s, `(?<`, `(?P<`)
	return s
}
