package example

import (
	"context"
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

// logRequest passes a string and an int through slog's ...any: both boxed
// (the int when it is 256 or more). slog.Int("bytes", bytes) as an
// argument of Info would be boxed itself, every time; LogAttrs takes
// ...slog.Attr and boxes nothing.
func logRequest(log *slog.Logger, path string, bytes int) {
	log.Info("request", "path", path, "bytes", bytes)
}

func logRequestAttrs(ctx context.Context, log *slog.Logger, path string, bytes int) {
	log.LogAttrs(ctx, slog.LevelInfo, "request", slog.String("path", path), slog.Int("bytes", bytes))
}

// label formats an int with fmt: boxing offers strconv.Itoa as a fix,
// which writes the same text.
func label(id int) string {
	return fmt.Sprintf("%d", id)
}

func labelItoa(id int) string {
	return strconv.Itoa(id)
}
