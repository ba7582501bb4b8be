package example

import "strings"

type user struct {
	Name  string
	Email string
}

// upperNames grows its result one append at a time: unsizedmake reports
// it (without a fix: the nil result of an empty input would become an
// empty slice).
func upperNames(users []user) []string {
	var names []string
	for _, u := range users {
		names = append(names, strings.ToUpper(u.Name))
	}
	return names
}

// upperNamesSized allocates once.
func upperNamesSized(users []user) []string {
	names := make([]string, 0, len(users))
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
