package schemas

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/safehttp"
)

// DefaultMaxAge is how long a downloaded schema or catalog is used before
// it is revalidated with the server.
const DefaultMaxAge = 7 * 24 * time.Hour

// cacheMeta records where a cached download came from and how to
// revalidate it (ETag / Last-Modified, when the server gave them).
type cacheMeta struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"lastModified,omitempty"`
	Fetched      time.Time `json:"fetched"`
}

// CacheDirOf is where a store keeps downloads ("" = the user cache dir).
func (s *Store) CacheDirOf() string {
	if s.CacheDir != "" {
		return s.CacheDir
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "yamlint", "schemas")
}

// cachePath is the file a URL is cached in ("" when there is no cache dir).
// SchemaStore serves the same files under two host names; both share one
// entry.
func (s *Store) cachePath(u string) string {
	dir := s.CacheDirOf()
	if dir == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(canonicalURL(u)))
	return filepath.Join(dir, hex.EncodeToString(sum[:16])+".json")
}

func canonicalURL(u string) string {
	if rest, ok := strings.CutPrefix(u, "https://www.schemastore.org/"); ok && !strings.HasPrefix(rest, "api/") {
		return "https://json.schemastore.org/" + rest
	}
	return u
}

// readCache returns a cached download and its metadata.
func (s *Store) readCache(u string) ([]byte, cacheMeta, bool) {
	p := s.cachePath(u)
	if p == "" {
		return nil, cacheMeta{}, false
	}
	data, err := safefs.ReadFile(p, s.maxSize())
	if err != nil {
		return nil, cacheMeta{}, false
	}
	var m cacheMeta
	if mb, err := safefs.ReadFile(p+".meta", 64<<10); err == nil {
		_ = json.Unmarshal(mb, &m)
	}
	if m.Fetched.IsZero() {
		if st, err := os.Stat(p); err == nil {
			m.Fetched = st.ModTime()
		}
	}
	return data, m, true
}

// writeCache stores a download atomically (data, then its metadata).
func (s *Store) writeCache(u string, data []byte, m cacheMeta) {
	p := s.cachePath(u)
	if p == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	if data != nil {
		tmp := p + ".tmp"
		if os.WriteFile(tmp, data, 0o644) != nil || os.Rename(tmp, p) != nil {
			return
		}
	}
	mb, _ := json.Marshal(m)
	tmp := p + ".meta.tmp"
	if os.WriteFile(tmp, mb, 0o644) == nil {
		_ = os.Rename(tmp, p+".meta")
	}
}

// fetchRemote returns an https URL's content: from the cache while it is
// fresh; else downloaded (a conditional request when cached, so an
// unchanged file costs a 304); and from the cache, whatever its age, when
// the download fails (offline), saying so once.
func (s *Store) fetchRemote(u string) ([]byte, error) {
	cached, meta, ok := s.readCache(u)
	maxAge := s.MaxAge
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	if ok && !s.Refresh && time.Since(meta.Fetched) < maxAge {
		return cached, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), remoteTimeout)
	defer cancel()
	var (
		data        []byte
		notModified bool
		err         error
		next        = cacheMeta{URL: u, Fetched: time.Now().UTC()}
	)
	if s.Fetch != nil {
		data, err = s.Fetch(ctx, u)
		if err == nil && s.maxSize() > 0 && int64(len(data)) > s.maxSize() {
			err = &safehttp.TooLargeError{Limit: s.maxSize()}
		}
	} else {
		var prev *cacheMeta
		if ok {
			prev = &meta
		}
		data, notModified, next.ETag, next.LastModified, err = s.getRemote(ctx, u, prev)
	}
	if err != nil {
		if ok {
			s.offline(u, err, meta.Fetched)
			return cached, nil
		}
		return nil, err
	}
	if notModified && ok {
		if next.ETag == "" {
			next.ETag = meta.ETag
		}
		if next.LastModified == "" {
			next.LastModified = meta.LastModified
		}
		s.writeCache(u, nil, next)
		return cached, nil
	}
	s.writeCache(u, data, next)
	return data, nil
}

func (s *Store) offline(u string, err error, fetched time.Time) {
	s.offlineOnce.Do(func() {
		if s.Notify != nil {
			s.Notify(fmt.Sprintf("could not download %s (%v); working offline from the schema cache in %s (copies as of %s)",
				u, err, s.CacheDirOf(), fetched.Local().Format("2006-01-02")))
		}
	})
}

// getRemote is the one place yamlint downloads a schema or catalog: a GET
// through the store's client (safehttp's unless a test injects one;
// conditional when prev is given), https only, bounded in time and size.
func (s *Store) getRemote(ctx context.Context, u string, prev *cacheMeta) (data []byte, notModified bool, etag, lastMod string, err error) {
	if !strings.HasPrefix(u, "https://") {
		return nil, false, "", "", safehttp.ErrNotHTTPS
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, false, "", "", err
	}
	if prev != nil {
		if prev.ETag != "" {
			req.Header.Set("If-None-Match", prev.ETag)
		}
		if prev.LastModified != "" {
			req.Header.Set("If-Modified-Since", prev.LastModified)
		}
	}
	resp, err := s.httpClient().Do(req)
	if err != nil {
		return nil, false, "", "", err
	}
	defer resp.Body.Close()
	if resp.Request != nil && resp.Request.URL.Scheme != "https" {
		return nil, false, "", "", errors.New("redirected away from https")
	}
	etag, lastMod = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotModified:
		return nil, true, etag, lastMod, nil
	default:
		return nil, false, "", "", fmt.Errorf("HTTP %s", resp.Status)
	}
	limit := s.maxSize()
	r := io.Reader(resp.Body)
	if limit > 0 {
		r = io.LimitReader(resp.Body, limit+1)
	}
	data, err = io.ReadAll(r)
	if err != nil {
		return nil, false, "", "", err
	}
	if limit > 0 && int64(len(data)) > limit {
		return nil, false, "", "", &safehttp.TooLargeError{Limit: limit}
	}
	return data, false, etag, lastMod, nil
}

func (s *Store) httpClient() *http.Client {
	if s.Client != nil {
		return s.Client
	}
	return s.HTTPClient()
}
