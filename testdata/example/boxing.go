package example

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
)

type point struct{ X, Y, Z float64 }

// printPoints boxes every point: fmt's ...any parameter keeps its arguments,
// so each 24-byte point is copied into a new heap object. boxing reports
// the argument.
func printPoints(w io.Writer, ps []point) {
	for _, p := range ps {
		fmt.Fprintln(w, p)
	}
}

// printPointsAppend formats into one reused buffer: nothing is boxed.
func printPointsAppend(w io.Writer, ps []point) {
	var buf []byte
	for _, p := range ps {
		buf = append(buf[:0], '{')
		buf = strconv.AppendFloat(buf, p.X, 'g', -1, 64)
		buf = append(buf, ' ')
		buf = strconv.AppendFloat(buf, p.Y, 'g', -1, 64)
		buf = append(buf, ' ')
		buf = strconv.AppendFloat(buf, p.Z, 'g', -1, 64)
		buf = append(buf, "}\n"...)
		w.Write(buf)
	}
}

// logRequest passes an int through slog's ...any: boxed (when it is 256 or
// more); a typed attribute is not.
func logRequest(log *slog.Logger, bytes int) {
	log.Info("request", "bytes", bytes)
}

func logRequestTyped(log *slog.Logger, bytes int) {
	log.Info("request", slog.Int("bytes", bytes))
}
