package jsonanynamed

import "encoding/json"

type Object map[string]any

type List []Object

type Any = interface{}

type Value interface{}

type Doc struct{ Title string }

// Flexible decodes itself: json calls its method.
type Flexible map[string]any

func (f *Flexible) UnmarshalJSON(b []byte) error { return nil }

// Text decodes itself from a JSON string.
type Text map[string]any

func (t *Text) UnmarshalText(b []byte) error { return nil }

func object(data []byte) any {
	var o Object
	json.Unmarshal(data, &o) // want `decoding into Object \(map\[string\]any\) builds a map per JSON object and boxes every number and string on each call; the code reads "title": decode into a struct with those fields`
	return o["title"]
}

func list(data []byte) any {
	var l List
	json.Unmarshal(data, &l) // want `decoding into List \(\[\]Object\) builds .* reads "id"`
	return l[0]["id"]
}

func alias(data []byte) any {
	var v Any
	json.Unmarshal(data, &v) // want `decoding into (Any|interface\{\}) builds .* reads "x"`
	return v.(map[string]any)["x"]
}

func namedInterface(data []byte) any {
	var v Value
	json.Unmarshal(data, &v) // want `decoding into Value \(interface\{\}\) builds .* reads "y"`
	return v.(map[string]any)["y"]
}

func pointerToNamed(data []byte) any {
	o := new(Object)
	json.Unmarshal(data, o) // want `decoding into Object .* reads "z"`
	return (*o)["z"]
}

func mapOfNamed(data []byte) any {
	var m map[string]Object
	json.Unmarshal(data, &m) // want `decoding into map\[string\]Object builds .* reads "a"`
	return m["a"]
}

func typedNamed(data []byte) string {
	var m map[string]Doc
	json.Unmarshal(data, &m)
	return m["a"].Title
}

func decodesItself(data []byte) any {
	var f Flexible
	json.Unmarshal(data, &f)
	var t Text
	json.Unmarshal(data, &t)
	return f["a"].(string) + t["b"].(string)
}
