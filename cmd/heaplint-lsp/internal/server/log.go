package server

import (
	"context"
	"fmt"

	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/protocol"
)

// logf writes a line of the server's log to the client as a
// window/logMessage of type t: editors file the lines by type (an error as
// an error, an ordinary line as information or log), where a line on
// standard error is an error to Neovim and VS Code. Before the client
// has sent a message, or once it is gone, the line goes to Options.Log.
func (s *server) logf(t protocol.MessageType, format string, args ...any) {
	s.notifyMessage(protocol.MethodLogMessage, t, fmt.Sprintf(format, args...))
}

// showf shows the user a message (window/showMessage), and logs it.
func (s *server) showf(t protocol.MessageType, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.notifyMessage(protocol.MethodShowMessage, t, msg)
	s.notifyMessage(protocol.MethodLogMessage, t, msg)
}

func (s *server) notifyMessage(method string, t protocol.MessageType, msg string) {
	conn := s.client()
	if conn != nil && conn.Notify(context.Background(), method, protocol.LogMessageParams{Type: t, Message: msg}) == nil {
		return
	}
	if method == protocol.MethodLogMessage {
		s.log.Print(msg)
	}
}
