package jsonany_test

import (
	_ "embed"
	"encoding/json"
	"testing"

	"github.com/heaplint/heaplint/internal/doccost"
	"github.com/heaplint/heaplint/passes/jsonany"
)

//go:embed doc.go
var doc string

// data is a typical API object: numbers, strings, a bool, an array and a
// nested object.
var data = []byte(`{"id":12345,"name":"Ada Lovelace","email":"ada@example.com","active":true,"score":98.5,
"tags":["math","engines","poetry"],"address":{"street":"12 St James's Square","city":"London","zip":"SW1Y 4JH"}}`)

var (
	sinkName  string
	sinkScore float64
	sinkN     int
)

// decodeAny is the doc's Bad form.
func decodeAny() error {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	name, _ := m["name"].(string)
	score, _ := m["score"].(float64)
	sinkName, sinkScore = name, score
	return nil
}

// decodeStruct is its Good form: a struct with the keys the code reads.
func decodeStruct() error {
	var u struct {
		Name  string  `json:"name"`
		Score float64 `json:"score"`
	}
	if err := json.Unmarshal(data, &u); err != nil {
		return err
	}
	sinkName, sinkScore = u.Name, u.Score
	return nil
}

// For data with no fixed shape (setting unkeyed, or keys read by a
// variable), the advice is map[string]json.RawMessage, decoding a value
// only when it is needed.
func decodeRaw() error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	var name string
	if err := json.Unmarshal(m["name"], &name); err != nil {
		return err
	}
	sinkName = name
	return nil
}

// An array of objects: []any against a slice of structs.
var rows = []byte(`[{"id":1,"name":"a"},{"id":2,"name":"b"},{"id":3,"name":"c"},{"id":4,"name":"d"}]`)

func decodeAnySlice() error {
	var xs []any
	if err := json.Unmarshal(rows, &xs); err != nil {
		return err
	}
	for _, x := range xs {
		sinkN += int(x.(map[string]any)["id"].(float64))
	}
	return nil
}

func decodeStructSlice() error {
	var xs []struct {
		ID int `json:"id"`
	}
	if err := json.Unmarshal(rows, &xs); err != nil {
		return err
	}
	for _, x := range xs {
		sinkN += x.ID
	}
	return nil
}

// Keys read by a variable under fixed string values: map[string]string.
var flat = []byte(`{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6"}`)

func decodeFlatAny(k string) error {
	var m map[string]any
	if err := json.Unmarshal(flat, &m); err != nil {
		return err
	}
	sinkName, _ = m[k].(string)
	return nil
}

func decodeFlatTyped(k string) error {
	var m map[string]string
	if err := json.Unmarshal(flat, &m); err != nil {
		return err
	}
	sinkName = m[k]
	return nil
}

func TestDocForms(t *testing.T) {
	doccost.Forms(t, doc, "jsonany", "cost_test.go", []string{"decodeAny"}, []string{"decodeStruct"})
}

// TestCost measures the doc's forms and each remedy the check advises, and
// holds the doc's figures to them.
func TestCost(t *testing.T) {
	bad, good := doccost.Less(t, "doc: map[string]any / struct", func() { _ = decodeAny() }, func() { _ = decodeStruct() })
	_, raw := doccost.Less(t, "map[string]any / map[string]json.RawMessage", func() { _ = decodeAny() }, func() { _ = decodeRaw() })
	doccost.Less(t, "[]any / []struct", func() { _ = decodeAnySlice() }, func() { _ = decodeStructSlice() })
	doccost.Less(t, "map[string]any / map[string]string", func() { _ = decodeFlatAny("c") }, func() { _ = decodeFlatTyped("c") })
	doccost.Quoted(t, doc, "jsonany", 0.05, bad, good, raw)
}

func TestExample(t *testing.T) {
	doccost.Example(t, jsonany.Analyzer, "../../testdata/example", "jsonany.go")
}

func BenchmarkBad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = decodeAny()
	}
}

func BenchmarkGood(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = decodeStruct()
	}
}
