package example

type account struct {
	id      int
	owner   string
	balance int64
}

// overdrawn collects pointers to the loop variable: since Go 1.22 it is a
// fresh copy per iteration, so addrescape reports a heap allocation per
// account appended.
func overdrawn(accounts []account) []*account {
	var out []*account
	for _, a := range accounts {
		if a.balance < 0 {
			out = append(out, &a)
		}
	}
	return out
}

// overdrawnInPlace points into the slice instead: no copies.
func overdrawnInPlace(accounts []account) []*account {
	var out []*account
	for i := range accounts {
		if accounts[i].balance < 0 {
			out = append(out, &accounts[i])
		}
	}
	return out
}
