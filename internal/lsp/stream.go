package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
)

// Frame limits, enforced while reading so that a hostile or broken client
// cannot make the server buffer without bound: a larger message is refused
// and its body skipped without being stored; a longer header line is
// consumed (not kept) and its frame refused; a frame with more header lines
// is refused. The session goes on after each.
const (
	maxMessage     = 64 << 20
	maxHeaderLine  = 8 << 10
	maxHeaderLines = 32
)

// stream frames JSON-RPC messages with Content-Length headers like
// jsonrpc2.NewStream, but a message that is not valid JSON-RPC gets an
// error response (ParseError / InvalidRequest, id null) and the session goes
// on, where jsonrpc2's own stream would end the connection.
type stream struct {
	in  *bufio.Reader
	out io.Writer
	c   io.Closer
	mu  sync.Mutex // serialises writes (replies, notifications, error frames)
	log func(format string, args ...any)
}

func newStream(r io.Reader, w io.Writer, c io.Closer, log func(string, ...any)) *stream {
	return &stream{in: bufio.NewReaderSize(r, 64<<10), out: w, c: c, log: log}
}

func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		data, n, err := s.readFrame()
		if err != nil {
			return nil, n, err
		}
		if data == nil {
			continue // bad frame, already answered
		}
		msg, derr := jsonrpc2.DecodeMessage(data)
		if derr == nil {
			return msg, n, nil
		}
		code, text := jsonrpc2.ParseError, "parse error: "+derr.Error()
		if errors.Is(derr, jsonrpc2.ErrInvalidRequest) || json.Valid(data) {
			code, text = jsonrpc2.InvalidRequest, "invalid request: "+derr.Error()
		}
		s.log("bad message: %s", text)
		s.writeError(idOf(data), code, text)
	}
}

// idOf digs the id out of a message that failed to decode, so that the
// error response can name it; null when there is none.
func idOf(data []byte) json.RawMessage {
	var m struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(data, &m) == nil && len(m.ID) > 0 && (m.ID[0] == '"' || (m.ID[0] >= '0' && m.ID[0] <= '9') || m.ID[0] == '-') {
		return m.ID
	}
	return json.RawMessage("null")
}

// readFrame reads one frame. A frame with a bad header is answered with an
// error and skipped (data nil, err nil); I/O errors end the stream.
func (s *stream) readFrame() ([]byte, int64, error) {
	var total, length int64 = 0, -1
	lines := 0
	bad := "" // why the frame is refused, "" if it is not
	for {
		line, n, tooLong, err := s.readHeaderLine()
		total += n
		if err != nil {
			return nil, total, fmt.Errorf("reading header: %w", err)
		}
		if tooLong {
			if bad == "" {
				bad = fmt.Sprintf("header line longer than %d bytes", maxHeaderLine)
				s.log("%s (%d bytes); frame skipped", bad, n)
			}
			continue
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if length < 0 && bad == "" && total <= 2 {
				continue // stray blank line between frames
			}
			break
		}
		if lines++; lines > maxHeaderLines {
			if bad == "" {
				bad = fmt.Sprintf("more than %d header lines", maxHeaderLines)
				s.log("%s; frame skipped", bad)
			}
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			s.log("ignoring malformed header line %q", line)
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, perr := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if perr != nil || n < 0 {
				s.log("bad Content-Length %q", value)
				continue
			}
			length = n
		}
	}
	if bad != "" {
		// Skip the body when its length is known, so the next frame is
		// read from its start.
		if length > 0 {
			if _, err := io.CopyN(io.Discard, s.in, length); err != nil {
				return nil, total, err
			}
			total += length
		}
		s.writeError(json.RawMessage("null"), jsonrpc2.ParseError, bad)
		return nil, total, nil
	}
	if length < 0 {
		s.writeError(json.RawMessage("null"), jsonrpc2.ParseError, "missing Content-Length header")
		return nil, total, nil
	}
	if length > maxMessage {
		if _, err := io.CopyN(io.Discard, s.in, length); err != nil {
			return nil, total, err
		}
		s.writeError(json.RawMessage("null"), jsonrpc2.InvalidRequest, fmt.Sprintf("message of %d bytes is larger than the %d-byte limit", length, maxMessage))
		return nil, total + length, nil
	}
	// Grow with what arrives rather than trusting Content-Length up front.
	var body bytes.Buffer
	body.Grow(int(min(length, 1<<20)))
	if _, err := io.CopyN(&body, s.in, length); err != nil {
		return nil, total, fmt.Errorf("reading body: %w", err)
	}
	return body.Bytes(), total + length, nil
}

// readHeaderLine reads one header line (through '\n'). A line longer than
// maxHeaderLine is read to its end in buffer-sized pieces and dropped
// (tooLong), so memory stays bounded however long it is.
func (s *stream) readHeaderLine() (line string, n int64, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := s.in.ReadSlice('\n')
		n += int64(len(chunk))
		if !tooLong {
			if len(buf)+len(chunk) > maxHeaderLine {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			return "", n, tooLong, err
		}
		return string(buf), n, tooLong, nil
	}
}

func (s *stream) writeError(id json.RawMessage, code jsonrpc2.Code, msg string) {
	body, _ := json.Marshal(map[string]any{
		"jsonrpc": "2.0",
		"id":      id,
		"error":   map[string]any{"code": code, "message": msg},
	})
	s.writeRaw(body)
}

func (s *stream) writeRaw(body []byte) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := fmt.Fprintf(s.out, "Content-Length: %d\r\n\r\n", len(body))
	if err != nil {
		return int64(n), err
	}
	m, err := s.out.Write(body)
	return int64(n + m), err
}

func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	body, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return s.writeRaw(body)
}

func (s *stream) Close() error {
	if s.c != nil {
		return s.c.Close()
	}
	return nil
}
