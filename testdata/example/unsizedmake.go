package example

import (
	"slices"
	"strings"
)

type user struct {
	Name  string
	Email string
}

// upperNames grows its result one append at a time: unsizedmake reports
// it, and since an empty input must still give a nil result, it grows the
// slice with slices.Grow before the loop, which keeps a nil slice nil.
func upperNames(users []user) []string {
	var names []string
	for _, u := range users {
		names = append(names, strings.ToUpper(u.Name))
	}
	return names
}

// upperNamesSized allocates once, and still returns nil for no users.
func upperNamesSized(users []user) []string {
	var names []string
	names = slices.Grow(names, len(users))
	for _, u := range users {
		names = append(names, strings.ToUpper(u.Name))
	}
	return names
}

// byEmail fills a map made without a size hint: unsizedmake reports it
// and offers make(map[string]user, len(users)).
func byEmail(users []user) map[string]user {
	m := map[string]user{}
	for _, u := range users {
		m[u.Email] = u
	}
	return m
}

// byEmailSized gives the hint.
func byEmailSized(users []user) map[string]user {
	m := make(map[string]user, len(users))
	for _, u := range users {
		m[u.Email] = u
	}
	return m
}

// domains counts the labels of mail domains.
type domains struct {
	parts []string
}

// labels splits each address's domain into a fresh slice on every call,
// and countAll calls it in a loop: unsizedmake reports the regrowth.
func (d *domains) labels(u user) int {
	var parts []string
	_, domain, _ := strings.Cut(u.Email, "@")
	for s := domain; s != ""; {
		label, rest, _ := strings.Cut(s, ".")
		parts = append(parts, label)
		s = rest
	}
	return len(parts)
}

// labelsReused keeps one backing array in the receiver and resets it.
func (d *domains) labelsReused(u user) int {
	parts := d.parts[:0]
	_, domain, _ := strings.Cut(u.Email, "@")
	for s := domain; s != ""; {
		label, rest, _ := strings.Cut(s, ".")
		parts = append(parts, label)
		s = rest
	}
	d.parts = parts
	return len(parts)
}

func (d *domains) countAll(users []user) (n int) {
	for _, u := range users {
		n += d.labels(u) + d.labelsReused(u)
	}
	return n
}
