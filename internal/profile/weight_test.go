package profile

import "testing"

func TestDescribe(t *testing.T) {
	total := Weight{Bytes: 4 << 30, Objects: 10_000_000, Samples: 1000}
	for _, c := range []struct {
		w    Weight
		want string
	}{
		{Weight{}, ""},
		{Weight{Bytes: 1288490189, Objects: 3_400_000}, "1.2 GB in 3.4M allocations, 30% of the profile's allocation"},
		{Weight{Bytes: 512, Objects: 1}, "512 B in 1 allocation, <0.1% of the profile's allocation"},
		{Weight{Bytes: 12 << 20, Objects: 12}, "12 MB in 12 allocations, 0.3% of the profile's allocation"},
		{Weight{Bytes: 1023, Objects: 999}, "1023 B in 999 allocations, <0.1% of the profile's allocation"},
		{Weight{Bytes: 1024, Objects: 1000}, "1.0 kB in 1.0k allocations, <0.1% of the profile's allocation"},
		{Weight{Bytes: 2047, Objects: 1999}, "1.9 kB in 1.9k allocations, <0.1% of the profile's allocation"}, // cut, not rounded up
		{Weight{Samples: 80}, "8% of CPU samples"},
		{Weight{Samples: 500}, "50% of CPU samples"},
		{Weight{Samples: 1}, "0.1% of CPU samples"},
		{Weight{Bytes: 4 << 30, Objects: 10_000_000, Samples: 1000}, "4.0 GB in 10M allocations, 100% of the profile's allocation; 100% of CPU samples"},
	} {
		if got := c.w.Describe(total); got != c.want {
			t.Errorf("%+v: %q, want %q", c.w, got, c.want)
		}
	}
	if got := (Weight{Samples: 3}).Describe(Weight{}); got != "3 CPU samples" {
		t.Errorf("no total: %q", got)
	}
	if got := (Weight{Bytes: 2048, Objects: 2}).Describe(Weight{}); got != "2.0 kB in 2 allocations" {
		t.Errorf("no total: %q", got)
	}
	if got := (Weight{Bytes: -5}).Describe(total); got != "" && got != "-5 B in 0 allocations, <0.1% of the profile's allocation" {
		t.Errorf("negative: %q", got)
	}
}

func TestPercent(t *testing.T) {
	for r, want := range map[float64]string{
		0: "<0.1%", 0.0004: "<0.1%", 0.0005: "0.1%", 0.0094: "0.9%", 0.0095: "1%", 0.084: "8%", 0.31: "31%", 1: "100%",
	} {
		if got := percent(r); got != want {
			t.Errorf("percent(%v) = %q, want %q", r, got, want)
		}
	}
}

func TestShare(t *testing.T) {
	total := Weight{Bytes: 1000, Samples: 100}
	if got := (Weight{Bytes: 100, Samples: 50}).Share(total); got != 0.5 {
		t.Errorf("Share = %v, want the larger share 0.5", got)
	}
	if got := (Weight{Bytes: 100}).Share(Weight{}); got != 0 {
		t.Errorf("Share of a zero total = %v", got)
	}
}
