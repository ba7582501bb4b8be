package main

import (
	"bytes"
	"debug/elf"
	"fmt"
	"io"
	"os"
)

// printToolID answers go vet's `heaplint -V=full` with the build ID the Go
// linker wrote into this executable, and reports whether it could. go vet
// asks once per run and keys its result cache by the answer. go/analysis's
// own answer hashes the whole executable: about 40 ms for heaplint's 12 MB,
// which is a fifth of a warm re-run of a small module. The build ID's last
// part is a hash of the executable's content, so it changes exactly when
// the executable does. Without one (a binary linked with -buildid=), the
// caller falls back to go/analysis's hash.
func printToolID(w io.Writer) bool {
	exe, err := os.Executable()
	if err != nil {
		return false
	}
	id, ok := goBuildID(exe)
	if !ok {
		return false
	}
	// The go command parses "NAME version devel ... buildID=ID" and keys
	// its cache on the build ID; the words between are free, so they say
	// which heaplint this is.
	fmt.Fprintf(w, "heaplint version devel heaplint-%s buildID=%s\n", version(), id)
	return true
}

// goBuildID reads the Go build ID of the executable file name: from its
// .note.go.buildid section on ELF systems, elsewhere from the marker the
// linker puts at the start of the text segment (the two places
// cmd/internal/buildid looks).
func goBuildID(name string) (string, bool) {
	if f, err := elf.Open(name); err == nil {
		defer f.Close()
		return elfBuildID(f)
	}
	f, err := os.Open(name)
	if err != nil {
		return "", false
	}
	defer f.Close()
	head := make([]byte, 32<<10)
	n, _ := io.ReadFull(f, head)
	return markedBuildID(head[:n])
}

// elfBuildID reads the Go note: namesz, descsz, type (4), "Go\x00\x00",
// then the ID.
func elfBuildID(f *elf.File) (string, bool) {
	sect := f.Section(".note.go.buildid")
	if sect == nil {
		return "", false
	}
	data, err := sect.Data()
	if err != nil || len(data) < 16 {
		return "", false
	}
	order := f.ByteOrder
	namesz, descsz, typ := order.Uint32(data), order.Uint32(data[4:]), order.Uint32(data[8:])
	const goBuildIDNote = 4
	if namesz != 4 || typ != goBuildIDNote || string(data[12:16]) != "Go\x00\x00" || uint64(descsz) > uint64(len(data)-16) {
		return "", false
	}
	id := string(data[16 : 16+descsz])
	return id, id != ""
}

// markedBuildID finds `\xff Go build ID: "ID"` in data.
func markedBuildID(data []byte) (string, bool) {
	const prefix = "\xff Go build ID: \""
	i := bytes.Index(data, []byte(prefix))
	if i < 0 {
		return "", false
	}
	rest := data[i+len(prefix):]
	j := bytes.IndexByte(rest, '"')
	if j <= 0 {
		return "", false
	}
	return string(rest[:j]), true
}
