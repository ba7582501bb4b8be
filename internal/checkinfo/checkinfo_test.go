package checkinfo

import "testing"

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		info Info
		ok   bool
	}{
		{Info{Name: "boxing", Since: "v0.1.0", Fix: FixNone}, true},
		{Info{Name: "unsizedmake", Since: "v0.2.10", Fix: FixSafe}, true},
		{Info{Name: "Boxing", Since: "v0.1.0", Fix: FixNone}, false},
		{Info{Name: "box-ing", Since: "v0.1.0", Fix: FixNone}, false},
		{Info{Name: "boxing", Since: "0.1.0", Fix: FixNone}, false},
		{Info{Name: "boxing", Since: "v0.1.0", Fix: "sometimes"}, false},
	} {
		if err := tc.info.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v: Validate() = %v, want ok=%v", tc.info, err, tc.ok)
		}
	}
}
