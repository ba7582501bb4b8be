package jsonany

import (
	"encoding/json"
	"io"
)

func keyed(data []byte) string {
	var m map[string]any
	json.Unmarshal(data, &m) // want `decoding into map\[string\]any builds a map per JSON object and boxes every number and string on each call; the code reads "name", "id": decode into a struct with those fields`
	name, _ := m["name"].(string)
	_ = m["id"]
	_ = m["name"]
	return name
}

func spelledInterface(data []byte) any {
	var m map[string]interface{}
	_ = json.Unmarshal(data, &m) // want `decoding into map\[string\]interface\{\} builds .* reads "x"`
	return m["x"]
}

func anyTarget(r io.Reader) any {
	var v any
	if err := json.NewDecoder(r).Decode(&v); err != nil { // want `decoding into any builds .* reads "items"`
		return nil
	}
	return v.(map[string]any)["items"]
}

func commaOk(r io.Reader) any {
	var v interface{}
	dec := json.NewDecoder(r)
	dec.Decode(&v) // want `decoding into interface\{\} builds .* reads "ok"`
	if obj, ok := v.(map[string]any); ok {
		return obj["ok"]
	}
	return nil
}

func sliceTarget(data []byte) {
	var xs []any
	json.Unmarshal(data, &xs) // want `decoding into \[\]any builds .* reads "id"`
	for _, x := range xs {
		_ = x.(map[string]any)["id"]
	}
}

func nestedTarget(data []byte) {
	var xs []map[string]any
	json.Unmarshal(data, &xs) // want `decoding into \[\]map\[string\]any builds .* reads "id"`
	for i := range xs {
		_ = xs[i]["id"]
	}
}

func inLoop(docs [][]byte) (n int) {
	for _, d := range docs {
		var m map[string]any
		json.Unmarshal(d, &m) // want `decoding into map\[string\]any builds a map per JSON object and boxes every number and string on each iteration; the code reads "n": decode into a struct with those fields`
		if v, ok := m["n"].(float64); ok {
			n += int(v)
		}
	}
	return n
}

func boundMethod(r io.Reader) any {
	decode := json.NewDecoder(r).Decode
	var m map[string]any
	decode(&m) // want `decoding into map\[string\]any builds .* reads "k"`
	return m["k"]
}

func methodExpr(dec *json.Decoder) any {
	var m map[string]any
	(*json.Decoder).Decode(dec, &m) // want `reads "k"`
	return m["k"]
}

func funcInLocal(data []byte) any {
	unmarshal := json.Unmarshal
	var m map[string]any
	unmarshal(data, &m) // want `reads "k"`
	return m["k"]
}

func targetInLocal(data []byte) any {
	var m map[string]any
	var target any = &m
	json.Unmarshal(data, target) // want `reads "k"`
	return m["k"]
}

func closure(data []byte) any {
	var m map[string]any
	func() {
		json.Unmarshal(data, &m) // want `reads "c"`
	}()
	return m["c"]
}

func readInClosure(data []byte) func() any {
	var m map[string]any
	json.Unmarshal(data, &m) // want `reads "late"`
	return func() any { return m["late"] }
}

func many(data []byte) {
	var m map[string]any
	json.Unmarshal(data, &m) // want `reads "a", "b", "c", "d" and 2 more: decode into a struct with those fields$`
	_, _, _, _, _, _ = m["a"], m["b"], m["c"], m["d"], m["e"], m["f"]
}

func mixed(data []byte, key string) {
	var m map[string]any
	json.Unmarshal(data, &m) // want `reads "kind": decode into a struct with those fields \(and map\[string\]T for the rest\)$`
	_ = m["kind"]
	_ = m[key]
}

// Silent: typed targets.

type user struct{ Name string }

func typed(data []byte) string {
	var u user
	json.Unmarshal(data, &u)
	return u.Name
}

func raw(data []byte) json.RawMessage {
	var m map[string]json.RawMessage
	json.Unmarshal(data, &m)
	return m["a"]
}

func typedMap(data []byte) string {
	var m map[string]string
	json.Unmarshal(data, &m)
	return m["a"]
}

// Silent: an interface holding a pointer is decoded through that pointer.

func preset(data []byte) *user {
	u := &user{}
	var v any = u
	json.Unmarshal(data, &v)
	return u
}

type envelope struct{ Data any }

func field(data []byte, e *envelope) any {
	json.Unmarshal(data, &e.Data) // Data may hold a *T set by the caller
	return e.Data.(map[string]any)["x"]
}

// Silent by default: nothing read with a constant key (see jsonanyunkeyed).

func passthrough(data []byte) map[string]any {
	var m map[string]any
	json.Unmarshal(data, &m)
	return m
}

func ranged(data []byte) (n int) {
	var m map[string]any
	json.Unmarshal(data, &m)
	for k := range m {
		n += len(k)
	}
	return n
}

// Silent: not a pointer (json reports an InvalidUnmarshalError).

func notPointer(data []byte) any {
	var m map[string]any
	json.Unmarshal(data, m)
	return m["x"]
}

type decoder interface{ Decode(v any) error }

func throughInterface(r io.Reader) any {
	var d decoder = json.NewDecoder(r)
	var m map[string]any
	d.Decode(&m) // want `reads "via"`
	return m["via"]
}
