package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A key names one cache entry: a hash of everything the entry is computed
// from.
type key [sha256.Size]byte

func (k key) String() string { return hex.EncodeToString(k[:]) }

// diskCache keeps the facts of dependencies between runs, one small file
// per package, in the layout of the go command's build cache: dir/xx/KEY,
// where xx is the key's first byte. Entries are written to a temporary
// file and renamed into place, so concurrent servers (or a server and the
// command line) never read a partial file. Like the go command's cache,
// it is trimmed of entries unused for trimAge, at most once per
// trimInterval.
type diskCache struct {
	dir string // "" disables the cache
}

const (
	trimAge      = 5 * 24 * time.Hour
	trimInterval = 24 * time.Hour
	// touchAfter: a hit older than this has its modification time renewed,
	// which is what trimming reads as "used".
	touchAfter = time.Hour
)

// DefaultCacheDir is where facts are cached unless Options.CacheDir says
// otherwise: $HEAPLINT_CACHE if set ("off" disables the cache), else
// heaplint/ in the user's cache directory (~/.cache on Linux).
func DefaultCacheDir() string {
	if dir := os.Getenv("HEAPLINT_CACHE"); dir != "" {
		if dir == "off" {
			return ""
		}
		return dir
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "heaplint")
}

// isEntryDir reports whether name is one of the cache's directories of
// entries: two lower-case hex digits.
func isEntryDir(name string) bool {
	return len(name) == 2 && strings.Trim(name, "0123456789abcdef") == ""
}

func (c diskCache) path(k key) string {
	s := k.String()
	return filepath.Join(c.dir, s[:2], s)
}

// get returns the entry for k, or false.
func (c diskCache) get(k key) ([]byte, bool) {
	if c.dir == "" {
		return nil, false
	}
	name := c.path(k)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, false
	}
	if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > touchAfter {
		now := time.Now()
		os.Chtimes(name, now, now)
	}
	return data, true
}

// put stores data under k. Failures are not errors: a cache that cannot be
// written only makes the next run slower.
func (c diskCache) put(k key, data []byte) error {
	if c.dir == "" {
		return nil
	}
	name := c.path(k)
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// trim removes entries unused for trimAge, if the last trim is older than
// trimInterval. It is meant to run in the background of a long-lived
// process; errors are ignored (another process may be trimming too).
func (c diskCache) trim() {
	if c.dir == "" {
		return
	}
	stamp := filepath.Join(c.dir, "trim.txt")
	if fi, err := os.Stat(stamp); err == nil && time.Since(fi.ModTime()) < trimInterval {
		return
	}
	if err := os.MkdirAll(c.dir, 0o777); err != nil || os.WriteFile(stamp, nil, 0o666) != nil {
		return
	}
	cutoff := time.Now().Add(-trimAge)
	filepath.WalkDir(c.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			if path != c.dir && !isEntryDir(d.Name()) {
				return filepath.SkipDir // not the cache's: others keep files beside it
			}
			return nil
		}
		if path == stamp {
			return nil
		}
		if fi, err := d.Info(); err == nil && fi.ModTime().Before(cutoff) {
			os.Remove(path)
		}
		return nil
	})
}
