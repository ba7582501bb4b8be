// Package jsonany defines an Analyzer that reports JSON decoding into
// untyped Go values where the code reads fixed keys.
//
// # Analyzer jsonany
//
// jsonany: report JSON decoded into map[string]any, any or []any
//
// encoding/json has no schema for an empty interface, so decoding into
// map[string]any, any or []any (or any map, slice or named type made of
// them) builds a new map[string]any for every JSON object and a []any for
// every array, and boxes every number (as float64) and every string into an
// interface: each a heap allocation inside encoding/json, and each later
// read needs a type assertion. When the code then reads fixed keys
// (m["name"], v.(map[string]any)["id"]), the shape is known, and a struct
// with those fields decodes into place: no maps, no boxes, no assertions.
// The message names the keys the function reads, so the struct can be
// written from it.
//
// The check sees json.Unmarshal and (*json.Decoder).Decode called directly,
// chained on json.NewDecoder, as method values and expressions, through an
// interface holding a *json.Decoder, and through wrappers in the same
// package: a function whose any parameter reaches the decode, and generic
// functions and methods, which it judges at each call of an instance (a
// generic body alone says nothing about T). Named types are seen through,
// unless they decode themselves (UnmarshalJSON or UnmarshalText). A target
// that is not a map is reported only when it is a local known to hold its
// zero value: json decodes into the pointer an interface already holds,
// and into the elements a slice or array already has. encoding/json/v2
// needs GOEXPERIMENT=jsonv2 in Go 1.26 and is not covered.
//
// Bad:
//
//	var m map[string]any
//	if err := json.Unmarshal(data, &m); err != nil {
//		return err
//	}
//	name, _ := m["name"].(string)
//	score, _ := m["score"].(float64)
//
// Good:
//
//	var u struct {
//		Name  string  `json:"name"`
//		Score float64 `json:"score"`
//	}
//	if err := json.Unmarshal(data, &u); err != nil {
//		return err
//	}
//
// Cost: 50 allocs/op and 1432 B/op into map[string]any against 7
// allocs/op and 272 B/op into a struct of the two fields read, decoding
// one 200-byte object with seven fields, a nested object and an array;
// 31 allocs/op and 1112 B/op into map[string]json.RawMessage, decoding one
// value; an array of four objects costs 31 allocs/op as []any against 9
// as a slice of structs (BenchmarkBad vs BenchmarkGood, TestCost, go1.26
// amd64).
//
// Fix: not offered: the struct's fields and types are a decision for a
// person; the message lists the keys to start from.
//
// Limitations: by default only decodes whose result the same function reads
// with constant keys are reported (setting unkeyed reports the others, for
// data that really has no fixed shape, suggesting map[string]T or
// json.RawMessage). Keys are followed to the first object level only, and
// not into other functions. Wrappers in other packages are not seen, nor
// targets that reach the decode through memory (a field or a global holding
// the pointer) or through function values other than closures and method
// values. Struct fields of type any inside a typed target are not reported.
package jsonany
