package jsonany_test

import (
	"encoding/json"
	"testing"
)

// document is a typical API object: numbers, strings, a bool, an array and
// a nested object.
var document = []byte(`{"id":12345,"name":"Ada Lovelace","email":"ada@example.com","active":true,"score":98.5,
"tags":["math","engines","poetry"],"address":{"street":"12 St James's Square","city":"London","zip":"SW1Y 4JH"}}`)

type address struct {
	Street string `json:"street"`
	City   string `json:"city"`
	Zip    string `json:"zip"`
}

type user struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	Email   string   `json:"email"`
	Active  bool     `json:"active"`
	Score   float64  `json:"score"`
	Tags    []string `json:"tags"`
	Address address  `json:"address"`
}

var sinkString string

// decodeAny is the pattern jsonany reports.
func decodeAny() {
	var m map[string]any
	if err := json.Unmarshal(document, &m); err != nil {
		panic(err)
	}
	sinkString = m["name"].(string)
}

// decodeStruct is what it suggests.
func decodeStruct() {
	var u user
	if err := json.Unmarshal(document, &u); err != nil {
		panic(err)
	}
	sinkString = u.Name
}

func BenchmarkBad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		decodeAny()
	}
}

func BenchmarkGood(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		decodeStruct()
	}
}

func TestCost(t *testing.T) {
	bad := testing.AllocsPerRun(100, decodeAny)
	good := testing.AllocsPerRun(100, decodeStruct)
	if bad <= good {
		t.Errorf("decoding into map[string]any: %v allocs/op, into a struct: %v; want more for the map", bad, good)
	}
	t.Logf("map[string]any: %v allocs/op, struct: %v allocs/op", bad, good)
}
