package analyzer

import (
	"encoding/json"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// ParseConfigFile decodes a configuration file: YAML or JSON holding either
// heaplint's settings object, or a whole golangci-lint v2 configuration
// whose linters.settings.custom.heaplint.settings block is used. name is
// only used in error messages.
func ParseConfigFile(name string, data []byte) (Config, error) {
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Config{}, fmt.Errorf("%s: %v", name, err)
	}
	top, ok := doc.(map[string]any)
	if doc != nil && !ok {
		return Config{}, fmt.Errorf("%s: want a mapping of settings at the top level", name)
	}
	settings := any(top)
	if _, isGolangci := top["linters"]; isGolangci {
		settings = dig(top, "linters", "settings", "custom", "heaplint", "settings")
	}
	b, err := json.Marshal(settings)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %v", name, err)
	}
	c, err := ParseConfig(b)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %v", name, err)
	}
	return c, nil
}

// dig follows keys through nested mappings; nil when one is missing.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}
