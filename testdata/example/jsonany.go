package example

import "encoding/json"

// profileName decodes into map[string]any and then reads fixed keys:
// jsonany reports the Unmarshal and names the keys ("name", "age").
func profileName(data []byte) (string, int, error) {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return "", 0, err
	}
	name, _ := m["name"].(string)
	age, _ := m["age"].(float64)
	return name, int(age), nil
}

type profile struct {
	Name string `json:"name"`
	Age  int    `json:"age"`
}

// profileNameTyped decodes into a struct: no map per object, no boxed
// numbers or strings, no type assertions.
func profileNameTyped(data []byte) (string, int, error) {
	var p profile
	if err := json.Unmarshal(data, &p); err != nil {
		return "", 0, err
	}
	return p.Name, p.Age, nil
}
