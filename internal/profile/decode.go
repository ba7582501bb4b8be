package profile

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"

	pprof "github.com/google/pprof/profile"
)

// This file reads pprof's protobuf format (profile.proto) straight into a
// Profile's tables: for a large profile, pprof's Parse builds an object per
// sample, location and line, and spends more time allocating them than
// reading the file. Other formats (pprof's legacy text profiles) go through
// pprof.

const errNotProto = constError("not a pprof protobuf")

// addProto adds a gzipped or plain pprof protobuf profile.
func (in *interner) addProto(data []byte) error {
	if len(data) >= 18 && data[0] == 0x1f && data[1] == 0x8b { // gzip's magic; 18 bytes of header and trailer at least
		var err error
		if data, err = gunzip(data); err != nil {
			return err
		}
	}
	d := &decoder{in: in, data: data}
	return d.decode()
}

// gunzip decompresses data, sizing the buffer by the gzip trailer.
func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	// The trailer holds the size modulo 4 GB; trust it only as far as a
	// plausible ratio, lest a corrupt file allocate gigabytes.
	size := min(int(binary.LittleEndian.Uint32(data[len(data)-4:])), 16*len(data))
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	if _, err := io.Copy(buf, zr); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decoder reads one profile in four passes over its top-level fields, in
// the order their references need: strings and sample types, functions,
// locations, samples (Go's runtime writes the string table last).
type decoder struct {
	in   *interner
	data []byte

	strings     []string
	sampleTypes [][2]int64 // type, unit: string table indices
	periodType  [2]int64
	period      int64

	funcs ids // function id → p.funcs index
	locs  ids // location id → p.locEnd index
}

// ids maps a profile's ids to indices, in a slice while they are dense
// (as every writer makes them), else in a map.
type ids struct {
	dense  []int32 // by id; -1 for none
	sparse map[uint64]int32
}

func (m *ids) set(id uint64, v int32) {
	if m.sparse == nil && id < uint64(2*len(m.dense)+1024) {
		for uint64(len(m.dense)) <= id {
			m.dense = append(m.dense, -1)
		}
		m.dense[id] = v
		return
	}
	if m.sparse == nil {
		m.sparse = map[uint64]int32{}
		for i, v := range m.dense {
			if v >= 0 {
				m.sparse[uint64(i)] = v
			}
		}
		m.dense = nil
	}
	m.sparse[id] = v
}

func (m *ids) get(id uint64) (int32, bool) {
	if m.sparse != nil {
		v, ok := m.sparse[id]
		return v, ok
	}
	if id < uint64(len(m.dense)) && m.dense[id] >= 0 {
		return m.dense[id], true
	}
	return 0, false
}

// Field numbers of profile.proto.
const (
	fProfileSampleType  = 1
	fProfileSample      = 2
	fProfileLocation    = 4
	fProfileFunction    = 5
	fProfileStringTable = 6
	fProfilePeriodType  = 11
	fProfilePeriod      = 12

	fSampleLocation = 1
	fSampleValue    = 2

	fLocationID   = 1
	fLocationLine = 4

	fLineFunction = 1
	fLineLine     = 2

	fFunctionID        = 1
	fFunctionName      = 2
	fFunctionFilename  = 4
	fFunctionStartLine = 5

	fValueTypeType = 1
	fValueTypeUnit = 2
)

func (d *decoder) decode() error {
	err := fields(d.data, func(num, wire int, v uint64, b []byte) error {
		switch {
		case num == fProfileStringTable && wire == 2:
			d.strings = append(d.strings, string(b))
		case num == fProfileSampleType && wire == 2:
			vt, err := valueType(b)
			d.sampleTypes = append(d.sampleTypes, vt)
			return err
		case num == fProfilePeriodType && wire == 2:
			var err error
			d.periodType, err = valueType(b)
			return err
		case num == fProfilePeriod && wire == 0:
			d.period = int64(v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(d.strings) == 0 || d.strings[0] != "" {
		return errNotProto // the string table starts with ""
	}
	value, heap, err := kindOf(d.header())
	if err != nil {
		return err
	}
	if err := fields(d.data, d.function); err != nil {
		return err
	}
	if err := fields(d.data, d.location); err != nil {
		return err
	}
	set := &d.in.p.cpu
	if heap {
		set = &d.in.p.heap
	}
	return d.samples(set, value)
}

func (d *decoder) str(i int64) string {
	if i < 0 || i >= int64(len(d.strings)) {
		return ""
	}
	return d.strings[i]
}

// header returns the profile's sample types, as pprof would parse them.
func (d *decoder) header() *pprof.Profile {
	p := &pprof.Profile{Period: d.period, PeriodType: &pprof.ValueType{Type: d.str(d.periodType[0]), Unit: d.str(d.periodType[1])}}
	for _, st := range d.sampleTypes {
		p.SampleType = append(p.SampleType, &pprof.ValueType{Type: d.str(st[0]), Unit: d.str(st[1])})
	}
	return p
}

func valueType(b []byte) (vt [2]int64, err error) {
	err = fields(b, func(num, wire int, v uint64, _ []byte) error {
		if wire == 0 && (num == fValueTypeType || num == fValueTypeUnit) {
			vt[num-1] = int64(v)
		}
		return nil
	})
	return vt, err
}

func (d *decoder) function(num, wire int, _ uint64, b []byte) error {
	if num != fProfileFunction || wire != 2 {
		return nil
	}
	var id uint64
	var name, file, start int64
	err := fields(b, func(num, wire int, v uint64, _ []byte) error {
		if wire != 0 {
			return nil
		}
		switch num {
		case fFunctionID:
			id = v
		case fFunctionName:
			name = int64(v)
		case fFunctionFilename:
			file = int64(v)
		case fFunctionStartLine:
			start = int64(v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.funcs.set(id, d.in.intern(d.str(name), d.str(file), start))
	return nil
}

func (d *decoder) location(num, wire int, _ uint64, b []byte) error {
	if num != fProfileLocation || wire != 2 {
		return nil
	}
	p := d.in.p
	var id uint64
	err := fields(b, func(num, wire int, v uint64, line []byte) error {
		switch {
		case num == fLocationID && wire == 0:
			id = v
		case num == fLocationLine && wire == 2:
			var fn uint64
			var n int64
			err := fields(line, func(num, wire int, v uint64, _ []byte) error {
				if wire == 0 && num == fLineFunction {
					fn = v
				} else if wire == 0 && num == fLineLine {
					n = int64(v)
				}
				return nil
			})
			if f, ok := d.funcs.get(fn); ok && err == nil {
				p.locs = append(p.locs, d.in.frame(frame{fn: f, line: clampLine(n)}))
			}
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.locs.set(id, int32(len(p.locEnd)))
	p.locEnd = append(p.locEnd, int32(len(p.locs)))
	return nil
}

// samples reads the samples into set, weighed by value. It is the one
// loop over most of the file, so it reads fields by hand.
func (d *decoder) samples(set *stackSet, value func([]int64) Weight) error {
	p := d.in.p
	var vals []int64
	return fields(d.data, func(num, wire int, _ uint64, b []byte) error {
		if num != fProfileSample || wire != 2 {
			return nil
		}
		start := len(set.locs)
		vals = vals[:0]
		for len(b) > 0 {
			key, n := binary.Uvarint(b)
			if n <= 0 {
				return errNotProto
			}
			b = b[n:]
			num, wire := int(key>>3), int(key&7)
			var payload []byte
			switch wire {
			case 0:
				n := varintLen(b)
				if n == 0 {
					return errNotProto
				}
				payload, b = b[:n], b[n:]
			case 2:
				size, n := binary.Uvarint(b)
				if n <= 0 || size > uint64(len(b)-n) {
					return errNotProto
				}
				payload, b = b[n:n+int(size)], b[n+int(size):]
			default:
				var err error
				if b, err = skip(b, wire); err != nil {
					return err
				}
				continue
			}
			if num != fSampleLocation && num != fSampleValue {
				continue
			}
			for len(payload) > 0 {
				v, n := binary.Uvarint(payload)
				if n <= 0 {
					return errNotProto
				}
				payload = payload[n:]
				if num == fSampleValue {
					vals = append(vals, int64(v))
				} else if loc, ok := d.locs.get(v); ok {
					set.locs = append(set.locs, loc)
				}
			}
		}
		w := Weight{}
		if len(vals) == len(d.sampleTypes) {
			w = value(vals)
		}
		if w.Bytes < 0 || w.Objects < 0 || w.Samples < 0 || w.IsZero() {
			set.locs = set.locs[:start] // a diff profile's base samples, or nothing to weigh
			return nil
		}
		p.total.add(w)
		set.end = append(set.end, int32(len(set.locs)))
		set.values = append(set.values, w)
		return nil
	})
}

// fields calls fn with each field of the protobuf message data: its
// number, wire type, and its value (varint) or bytes (length-delimited).
func fields(data []byte, fn func(num, wire int, v uint64, b []byte) error) error {
	for len(data) > 0 {
		key, n := binary.Uvarint(data)
		if n <= 0 {
			return errNotProto
		}
		data = data[n:]
		num, wire := int(key>>3), int(key&7)
		switch wire {
		case 0:
			v, n := binary.Uvarint(data)
			if n <= 0 {
				return errNotProto
			}
			data = data[n:]
			if err := fn(num, wire, v, nil); err != nil {
				return err
			}
		case 2:
			size, n := binary.Uvarint(data)
			if n <= 0 || size > uint64(len(data)-n) {
				return errNotProto
			}
			b := data[n : n+int(size)]
			data = data[n+int(size):]
			if err := fn(num, wire, 0, b); err != nil {
				return err
			}
		default:
			var err error
			if data, err = skip(data, wire); err != nil {
				return err
			}
		}
	}
	return nil
}

// skip skips a fixed-size field's value.
func skip(data []byte, wire int) ([]byte, error) {
	size := 0
	switch wire {
	case 1:
		size = 8
	case 5:
		size = 4
	}
	if size == 0 || len(data) < size {
		return nil, errNotProto
	}
	return data[size:], nil
}

func varintLen(b []byte) int {
	for i := 0; i < len(b) && i < binary.MaxVarintLen64; i++ {
		if b[i] < 0x80 {
			return i + 1
		}
	}
	return 0
}
