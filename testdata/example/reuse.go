package example

import (
	"io"
	"strconv"
)

type logRecord struct {
	Level int
	Text  string
}

type logEncoder struct {
	w   io.Writer
	buf []byte
}

// encode makes a buffer on each call, and encodeLogs calls it in a loop:
// reuse reports it.
func (e *logEncoder) encode(r logRecord) error {
	buf := make([]byte, 0, 64)
	buf = strconv.AppendInt(buf, int64(r.Level), 10)
	buf = append(buf, r.Text...)
	_, err := e.w.Write(buf)
	return err
}

// encodeReused keeps one buffer in the encoder and resets it.
func (e *logEncoder) encodeReused(r logRecord) error {
	e.buf = strconv.AppendInt(e.buf[:0], int64(r.Level), 10)
	e.buf = append(e.buf, r.Text...)
	_, err := e.w.Write(e.buf)
	return err
}

func (e *logEncoder) encodeLogs(rs []logRecord) {
	for _, r := range rs {
		e.encode(r)
		e.encodeReused(r)
	}
}
