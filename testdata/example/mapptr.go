package example

// position is a small value: 16 bytes.
type position struct {
	lat, lon float64
}

// lastSeen keeps a pointer per device, each a new allocation: mapptr
// reports the &position{...}.
func lastSeen(seen map[string]*position, pings []ping) {
	for _, p := range pings {
		seen[p.device] = &position{lat: p.lat, lon: p.lon}
	}
}

// lastSeenValues stores the positions themselves, in the map's own slots.
func lastSeenValues(seen map[string]position, pings []ping) {
	for _, p := range pings {
		seen[p.device] = position{lat: p.lat, lon: p.lon}
	}
}

// ping is one report from a device.
type ping struct {
	device   string
	lat, lon float64
}
