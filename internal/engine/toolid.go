package engine

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"io"
	"os"
)

// ExecutableID identifies the running executable's code: the build ID the
// Go linker wrote into it (read from its ELF note, elsewhere from the
// marker at the start of its text), or failing that a hash of the whole
// file. The build ID's last part is a hash of the executable's content,
// so it changes exactly when the executable does: cached facts computed
// by another build of heaplint are never read.
func ExecutableID() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if id, ok := GoBuildID(exe); ok {
		return id, nil
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return string(h.Sum(nil)), nil
}

// GoBuildID reads the Go build ID of the executable file name: from its
// .note.go.buildid section on ELF systems, elsewhere from the marker the
// linker puts at the start of the text segment (the two places
// cmd/internal/buildid looks). heaplint answers go vet's -V=full with it.
func GoBuildID(name string) (string, bool) {
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
