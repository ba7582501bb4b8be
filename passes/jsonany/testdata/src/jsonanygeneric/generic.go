package jsonanygeneric

import (
	"encoding/json"
	"io"
)

// Decode is a generic wrapper: its body says nothing until instantiated.
func Decode[T any](data []byte) (T, error) {
	var v T
	err := json.Unmarshal(data, &v)
	return v, err
}

func DecodeInto[T any](data []byte, v *T) error {
	return json.Unmarshal(data, v)
}

// decode is a plain wrapper taking any.
func decode(data []byte, v any) error { return json.Unmarshal(data, v) }

func decodeTwice(data []byte, v any) error { return decode(data, v) }

type Client[T any] struct{ r io.Reader }

func (c *Client[T]) Next() (T, error) {
	var v T
	err := json.NewDecoder(c.r).Decode(&v)
	return v, err
}

func Outer[T any](data []byte) T {
	v, _ := Decode[T](data)
	return v
}

type Store[K comparable, V any] struct{}

func (Store[K, V]) Load(data []byte) map[K]V {
	var m map[K]V
	json.Unmarshal(data, &m)
	return m
}

type user struct{ Name string }

func use(data []byte, r io.Reader) {
	m, _ := Decode[map[string]any](data) // want `decoding into map\[string\]any through Decode\[map\[string\]any\] builds a map per JSON object and boxes every number and string on each call; the code reads "a": decode into a struct with those fields`
	_ = m["a"]

	var n map[string]any
	DecodeInto(data, &n) // want `decoding into map\[string\]any through DecodeInto\[map\[string\]any\] builds .* reads "b"`
	_ = n["b"]

	var o map[string]any
	decode(data, &o) // want `decoding into map\[string\]any through decode builds .* reads "c"`
	_ = o["c"]

	var p []any
	decodeTwice(data, &p) // want `through decodeTwice builds .* reads "d"`
	_ = p[0].(map[string]any)["d"]

	c := &Client[any]{r: r}
	for {
		v, err := c.Next() // want `decoding into any through \(\*Client\[any\]\)\.Next builds a map per JSON object and boxes every number and string on each iteration; the code reads "e": decode into a struct with those fields`
		if err != nil {
			break
		}
		_ = v.(map[string]any)["e"]
	}

	q := Outer[map[string]any](data) // want `through Outer\[map\[string\]any\] builds .* reads "f"`
	_ = q["f"]

	s := Store[string, any]{}.Load(data) // want `decoding into map\[string\]any through \(Store\[string, any\]\).Load builds .* reads "g"`
	_ = s["g"]

	// Silent: typed instantiations.
	u, _ := Decode[user](data)
	_ = u.Name
	var w user
	DecodeInto(data, &w)
	decode(data, &w)
	t := Store[string, string]{}.Load(data)
	_ = t["h"]
}

// Generic bodies alone are silent: T is unknown there.
func Passthrough[T any](data []byte) (T, error) { return Decode[T](data) }
