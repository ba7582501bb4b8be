// Package a is a dependency: its facts come from its source, once.
package a

import "os"

// Die does not return: ctrlflow exports a noReturn fact about it.
func Die(code int) {
	os.Exit(code)
}

// Mark is marked by the test's fact analyzer (its name starts with Mark).
func Mark() int { return 1 }

// Fine returns.
func Fine() {}
