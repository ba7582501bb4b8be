package jsonanyunkeyed

import "encoding/json"

func passthrough(data []byte) map[string]any {
	var m map[string]any
	json.Unmarshal(data, &m) // want `decoding into map\[string\]any builds a map per JSON object and boxes every number and string on each call; decode into a struct of the fields you need, or json\.RawMessage to defer decoding`
	return m
}

func ranged(data []byte) (n int) {
	var m map[string]any
	json.Unmarshal(data, &m) // want `decode into map\[string\]T with a concrete T, or map\[string\]json.RawMessage to defer decoding$`
	for k := range m {
		n += len(k)
	}
	return n
}

func keyed(data []byte) any {
	var m map[string]any
	json.Unmarshal(data, &m) // want `the code reads "a", "b" and 1 more: decode into a struct with those fields$`
	return []any{m["a"], m["b"], m["c"]}
}

func typed(data []byte) map[string]int {
	var m map[string]int
	json.Unmarshal(data, &m)
	return m
}

// Silent: json decodes into the pointers the elements hold.
func prefilled(data []byte, u *struct{ Name string }) error {
	var params [1]any
	params[0] = u
	return json.Unmarshal(data, &params)
}

func prefilledSlice(data []byte, u *struct{ Name string }) error {
	xs := []any{u}
	return json.Unmarshal(data, &xs)
}

func preset(data []byte, u *struct{ Name string }) error {
	var v any = u
	return json.Unmarshal(data, &v)
}

func zeroArray(data []byte) [2]any {
	var xs [2]any
	json.Unmarshal(data, &xs) // want `decoding into \[2\]any builds`
	return xs
}

// Silent: a zero-length array keeps nothing; json skips the elements.
func skipAll(data []byte) error {
	var dest [0]any
	return json.Unmarshal(data, &dest)
}
