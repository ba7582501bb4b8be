// Package jsonanymod is a module-mode fixture at an older language version,
// where code still spells any as interface{}.
package jsonanymod

import (
	"encoding/json"
	"os"
)

func config(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var cfg map[string]interface{}
	if err := json.NewDecoder(f).Decode(&cfg); err != nil { // want `decoding into map\[string\]interface\{\} builds .* reads "name", "port"`
		return "", err
	}
	name, _ := cfg["name"].(string)
	_ = cfg["port"]
	return name, nil
}

func all(files [][]byte) (names []string) {
	for i := 0; i < len(files); i++ {
		var v interface{}
		json.Unmarshal(files[i], &v) // want `decoding into interface\{\} builds a map per JSON object and boxes every number and string on each iteration; the code reads "name": decode into a struct with those fields`
		if obj, ok := v.(map[string]interface{}); ok {
			names = append(names, obj["name"].(string))
		}
	}
	return names
}
