package mesh

import (
	"errors"
	"fmt"
	"io"
	"math"
)

// plyType is the type of a PLY property value.
type plyType uint8

const (
	plyNone plyType = iota // not a list: the countType of a scalar property
	plyInt8
	plyUint8
	plyInt16
	plyUint16
	plyInt32
	plyUint32
	plyFloat32
	plyFloat64
)

// plyTypes maps the type names of the PLY header, old and new, to types.
var plyTypes = map[string]plyType{
	"char": plyInt8, "int8": plyInt8,
	"uchar": plyUint8, "uint8": plyUint8,
	"short": plyInt16, "int16": plyInt16,
	"ushort": plyUint16, "uint16": plyUint16,
	"int": plyInt32, "int32": plyInt32,
	"uint": plyUint32, "uint32": plyUint32,
	"float": plyFloat32, "float32": plyFloat32,
	"double": plyFloat64, "float64": plyFloat64,
}

// size returns the number of bytes of a binary value of type t.
func (t plyType) size() int64 {
	switch t {
	case plyInt8, plyUint8:
		return 1
	case plyInt16, plyUint16:
		return 2
	case plyInt32, plyUint32, plyFloat32:
		return 4
	}
	return 8
}

// isInt reports whether t is an integer type.
func (t plyType) isInt() bool { return t >= plyInt8 && t <= plyUint32 }

// bounds returns the range of values of the integer type t.
func (t plyType) bounds() (lo, hi int64) {
	switch t {
	case plyInt8:
		return math.MinInt8, math.MaxInt8
	case plyUint8:
		return 0, math.MaxUint8
	case plyInt16:
		return math.MinInt16, math.MaxInt16
	case plyUint16:
		return 0, math.MaxUint16
	case plyInt32:
		return math.MinInt32, math.MaxInt32
	}
	return 0, math.MaxUint32
}

// plyProperty is one property of a PLY element; countType is plyNone for
// a scalar and the type of the length prefix for a list.
type plyProperty struct {
	name      string
	typ       plyType
	countType plyType
}

// plyElement is one element declaration of a PLY header.
type plyElement struct {
	name  string
	count uint64
	props []plyProperty
}

// minBytes returns the least number of bytes one row of e can take:
// in binary, its scalars plus the length prefixes of its lists; in ASCII,
// one digit and one separator per value.
func (e *plyElement) minBytes(ascii bool) int64 {
	var n int64
	for _, p := range e.props {
		switch {
		case ascii:
			n += 2
		case p.countType != plyNone:
			n += p.countType.size()
		default:
			n += p.typ.size()
		}
	}
	return n
}

// plyHeader is a parsed PLY header.
type plyHeader struct {
	ascii    bool
	bigEnd   bool
	elements []plyElement
}

// readPLYHeader parses the header up to and including "end_header".
func readPLYHeader(lines *lineReader) (*plyHeader, error) {
	h := &plyHeader{}
	var toks [][]byte
	haveFormat := false
	for {
		line, err := lines.next()
		if err == io.EOF {
			return nil, errors.New("PLY header: unexpected end of input before end_header")
		}
		if err != nil {
			return nil, err
		}
		toks = fields(toks, line)
		if lines.line == 1 {
			if len(toks) != 1 || string(toks[0]) != "ply" {
				return nil, errors.New("PLY header: the first line is not \"ply\"")
			}
			continue
		}
		if len(toks) == 0 {
			continue
		}
		switch string(toks[0]) {
		case "comment", "obj_info":
		case "format":
			if len(toks) != 3 {
				return nil, lines.errorf("PLY header: expected \"format <type> 1.0\"")
			}
			switch string(toks[1]) {
			case "ascii":
				h.ascii = true
			case "binary_little_endian":
			case "binary_big_endian":
				h.bigEnd = true
			default:
				return nil, lines.errorf("PLY header: unknown format %s", quote(toks[1]))
			}
			haveFormat = true
		case "element":
			if len(toks) != 3 {
				return nil, lines.errorf("PLY header: expected \"element <name> <count>\"")
			}
			n, err := parseCount(toks[2])
			if err != nil {
				return nil, lines.errorf("PLY header: element %s: %v", quote(toks[1]), err)
			}
			h.elements = append(h.elements, plyElement{name: string(toks[1]), count: n})
		case "property":
			if len(h.elements) == 0 {
				return nil, lines.errorf("PLY header: property before any element")
			}
			p, err := parsePLYProperty(toks[1:])
			if err != nil {
				return nil, lines.errorf("PLY header: %v", err)
			}
			e := &h.elements[len(h.elements)-1]
			e.props = append(e.props, p)
		case "end_header":
			if !haveFormat {
				return nil, errors.New("PLY header: no format line")
			}
			for _, e := range h.elements {
				// A row without properties would consume no input, so
				// its count could keep the parser looping for nothing.
				if len(e.props) == 0 && e.count > 0 {
					return nil, fmt.Errorf("PLY header: element %q has no properties", e.name)
				}
			}
			return h, nil
		default:
			return nil, lines.errorf("PLY header: unknown keyword %s", quote(toks[0]))
		}
	}
}

// parsePLYProperty parses "<type> <name>" or "list <count type> <type>
// <name>".
func parsePLYProperty(toks [][]byte) (plyProperty, error) {
	if len(toks) == 4 && string(toks[0]) == "list" {
		c, ok1 := plyTypes[string(toks[1])]
		t, ok2 := plyTypes[string(toks[2])]
		if !ok1 || !ok2 || !c.isInt() {
			return plyProperty{}, fmt.Errorf("bad list property types %s %s", quote(toks[1]), quote(toks[2]))
		}
		return plyProperty{name: string(toks[3]), typ: t, countType: c}, nil
	}
	if len(toks) == 2 {
		t, ok := plyTypes[string(toks[0])]
		if !ok {
			return plyProperty{}, fmt.Errorf("unknown property type %s", quote(toks[0]))
		}
		return plyProperty{name: string(toks[1]), typ: t}, nil
	}
	return plyProperty{}, errors.New("expected \"property <type> <name>\" or \"property list <count type> <type> <name>\"")
}
