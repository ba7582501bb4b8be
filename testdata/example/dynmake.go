package example

import "io"

// copyChunks makes a buffer per chunk that escapes into the reader: dynmake
// reports it.
func copyChunks(w io.Writer, r io.Reader, sizes []int) error {
	for _, n := range sizes {
		buf := make([]byte, n)
		m, err := r.Read(buf)
		if err != nil {
			return err
		}
		if _, err := w.Write(buf[:m]); err != nil {
			return err
		}
	}
	return nil
}

// copyChunksReused hoists one buffer and resizes it.
func copyChunksReused(w io.Writer, r io.Reader, sizes []int) error {
	var buf []byte
	for _, n := range sizes {
		if cap(buf) < n {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		m, err := r.Read(buf)
		if err != nil {
			return err
		}
		if _, err := w.Write(buf[:m]); err != nil {
			return err
		}
	}
	return nil
}

// checksum declares 100 000 bytes with make: over the compiler's 64 KiB
// limit for implicit allocations, so it goes to the heap; dynmake reports it.
func checksum(data []byte) (sum byte) {
	buf := make([]byte, 100_000)
	n := copy(buf, data)
	for _, b := range buf[:n] {
		sum += b
	}
	return sum
}

// checksumVar declares it as a variable, which stays on the stack up to
// 128 KiB when it does not escape.
func checksumVar(data []byte) (sum byte) {
	var buf [100_000]byte
	n := copy(buf[:], data)
	for _, b := range buf[:n] {
		sum += b
	}
	return sum
}
