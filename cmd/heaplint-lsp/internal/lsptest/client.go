package lsptest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"sync"

	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/protocol"
)

// Client is a minimal LSP client. It frames messages itself (Content-Length
// headers, JSON-RPC 2.0 bodies) rather than through the server's JSON-RPC
// library, so the tests check the bytes on the wire. It answers requests
// from the server with null.
type Client struct {
	w     io.WriteCloser
	wmu   sync.Mutex
	errc  chan error // the reader's end
	mu    sync.Mutex
	cond  *sync.Cond
	next  int
	calls map[int]chan message
	pubs  []Publication // every publishDiagnostics, in arrival order
	other []message     // other notifications
	done  bool
}

// Publication is one publishDiagnostics notification.
type Publication struct {
	protocol.PublishDiagnosticsParams
	Raw json.RawMessage // the params as sent
}

// RPCError is an error response.
type RPCError struct {
	Code    int64  `json:"code"`
	Message string `json:"message"`
}

func (e *RPCError) Error() string { return fmt.Sprintf("rpc error %d: %s", e.Code, e.Message) }

type message struct {
	JSONRPC string           `json:"jsonrpc"`
	ID      *json.RawMessage `json:"id,omitempty"`
	Method  string           `json:"method,omitempty"`
	Params  json.RawMessage  `json:"params,omitempty"`
	Result  json.RawMessage  `json:"result,omitempty"`
	Error   *RPCError        `json:"error,omitempty"`
}

// NewClient starts a client reading the server's output from r and
// writing to the server's input w.
func NewClient(r io.Reader, w io.WriteCloser) *Client {
	c := &Client{w: w, errc: make(chan error, 1), calls: map[int]chan message{}}
	c.cond = sync.NewCond(&c.mu)
	go c.read(bufio.NewReader(r))
	return c
}

// Done returns the error that ended the server's output (io.EOF when it closed it).
func (c *Client) Done() <-chan error { return c.errc }

func (c *Client) read(r *bufio.Reader) {
	err := func() error {
		tp := textproto.NewReader(r)
		for {
			h, err := tp.ReadMIMEHeader()
			if err != nil {
				return err
			}
			n, err := strconv.Atoi(h.Get("Content-Length"))
			if err != nil {
				return fmt.Errorf("bad Content-Length header: %v", err)
			}
			if ct := h.Get("Content-Type"); ct != "" && !strings.Contains(ct, "utf-8") {
				return fmt.Errorf("bad Content-Type %q", ct)
			}
			body := make([]byte, n)
			if _, err := io.ReadFull(r, body); err != nil {
				return err
			}
			var m message
			if err := json.Unmarshal(body, &m); err != nil {
				return fmt.Errorf("bad message %q: %v", body, err)
			}
			if m.JSONRPC != "2.0" {
				return fmt.Errorf("message without jsonrpc 2.0: %s", body)
			}
			c.dispatch(m)
		}
	}()
	c.mu.Lock()
	c.done = true
	for id, ch := range c.calls {
		close(ch)
		delete(c.calls, id)
	}
	c.cond.Broadcast()
	c.mu.Unlock()
	c.errc <- err
}

func (c *Client) dispatch(m message) {
	switch {
	case m.Method != "" && m.ID != nil: // a request from the server
		c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": nil})
	case m.Method != "": // a notification
		c.mu.Lock()
		if m.Method == protocol.MethodPublishDiagnostics {
			var p Publication
			p.Raw = m.Params
			if err := json.Unmarshal(m.Params, &p.PublishDiagnosticsParams); err == nil {
				c.pubs = append(c.pubs, p)
			}
		} else {
			c.other = append(c.other, m)
		}
		c.cond.Broadcast()
		c.mu.Unlock()
	default: // a response
		var id int
		if m.ID == nil || json.Unmarshal(*m.ID, &id) != nil {
			return
		}
		c.mu.Lock()
		ch := c.calls[id]
		delete(c.calls, id)
		c.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	}
}

func (c *Client) send(v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err = fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return err
}

// Call sends a request and decodes its result into result (if not nil).
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	c.mu.Lock()
	c.next++
	id := c.next
	ch := make(chan message, 1)
	c.calls[id] = ch
	c.mu.Unlock()
	if err := c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params}); err != nil {
		return err
	}
	select {
	case m, ok := <-ch:
		if !ok {
			return fmt.Errorf("%s: connection closed", method)
		}
		if m.Error != nil {
			return m.Error
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%s: %v", method, ctx.Err())
	}
}

// Notify sends a notification.
func (c *Client) Notify(method string, params any) error {
	msg := map[string]any{"jsonrpc": "2.0", "method": method}
	if params != nil {
		msg["params"] = params
	}
	return c.send(msg)
}

// LogMessages returns the text of every window/logMessage and
// window/showMessage received so far, each prefixed with its method's last
// part and its message type ("logMessage 4: ...").
func (c *Client) LogMessages() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.other {
		if m.Method != protocol.MethodLogMessage && m.Method != protocol.MethodShowMessage {
			continue
		}
		var p protocol.LogMessageParams
		if json.Unmarshal(m.Params, &p) == nil {
			out = append(out, fmt.Sprintf("%s %d: %s", strings.TrimPrefix(m.Method, "window/"), p.Type, p.Message))
		}
	}
	return out
}

// Close closes the server's input.
func (c *Client) Close() error { return c.w.Close() }

// Publications returns every publishDiagnostics received so far for uri.
func (c *Client) Publications(uri protocol.DocumentURI) []Publication {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Publication
	for _, p := range c.pubs {
		if p.URI == uri {
			out = append(out, p)
		}
	}
	return out
}

// WaitDiagnostics waits for a publishDiagnostics for uri that ok accepts,
// among those arriving after the first skip ones for uri, and returns it.
func (c *Client) WaitDiagnostics(ctx context.Context, uri protocol.DocumentURI, skip int, ok func(Publication) bool) (Publication, error) {
	stop := context.AfterFunc(ctx, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	seen := 0
	i := 0
	for {
		for ; i < len(c.pubs); i++ {
			p := c.pubs[i]
			if p.URI != uri {
				continue
			}
			seen++
			if seen > skip && ok(p) {
				return p, nil
			}
		}
		if c.done {
			return Publication{}, fmt.Errorf("connection closed while waiting for diagnostics of %s", uri)
		}
		if ctx.Err() != nil {
			return Publication{}, fmt.Errorf("waiting for diagnostics of %s: %v", uri, ctx.Err())
		}
		c.cond.Wait()
	}
}
