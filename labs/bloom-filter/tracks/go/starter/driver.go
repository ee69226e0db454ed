package main

// Provided driver: do not edit. The grader talks to your filter through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". There is one current filter; "new",
// "capacity", "fromBytes" and "roundtrip" replace it. Items are JSON strings (UTF-8). Replies:
//   new {m, k}                -> {ok:true, m, k}    New(m, k); m and k read back with M() and K()
//   capacity {n, p}           -> {ok:true, m, k}    NewWithCapacity(n, p)
//       new / capacity / fromBytes that return an error -> {error:"invalid", message} (the current filter stays)
//       m, k or n that is not a whole number (or does not fit uint32 / uint64): the driver replies
//       {error:"invalid", message} itself, as the contract refuses it, without calling your code.
//   add {item}                -> {ok:true}
//   has {item}                -> {result}          MightContain(item)
//   locations {item}          -> {locations:[...]}
//   bitCount                  -> {bitCount}
//   size                      -> {sizeInBytes}
//   addMany {prefix, from, count}    -> {ok:true}  adds prefix+i for i = from .. from+count-1 (i in decimal)
//   countMany {prefix, from, count}  -> {count}    how many of those items MightContain reports present
//   toBytes                   -> {hex, length}     MarshalBinary() as lowercase hex, and its length in bytes
//   fromBytes {hex}           -> {ok:true, m, k}   UnmarshalBinary into a new zero BloomFilter, which becomes current
//   roundtrip                 -> {ok:true, m, k}   MarshalBinary of the current filter, UnmarshalBinary into a new one
//   memory {m, k, items}      -> {sizeInBytes, grewBy, bitCount}
//       builds a separate New(m, k), adds "mem-0" .. "mem-<items-1>", and reports how much the live heap
//       (runtime.MemStats.HeapAlloc after a garbage collection) grew while it is alive.
//   hammer {workers, itemsEach, prefix} -> {added, missedOwn, bitCount}
//       workers goroutines on the current filter; worker w adds prefix+w+"-"+i for i = 0 .. itemsEach-1,
//       asks MightContain for it at once (missedOwn counts a false) and for an item of another worker,
//       with BitCount() and MarshalBinary() every 25 items.
// The wire (package lab/wire) answers an unknown op, a malformed line, and a panic in your code.
// stdout carries replies only: log to os.Stderr.

import (
	"encoding/hex"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"sync/atomic"

	"lab/wire"
)

type request struct {
	M         float64 `json:"m"`
	K         float64 `json:"k"`
	N         float64 `json:"n"`
	P         float64 `json:"p"`
	Item      string  `json:"item"`
	Prefix    string  `json:"prefix"`
	From      int     `json:"from"`
	Count     int     `json:"count"`
	Hex       string  `json:"hex"`
	Items     int     `json:"items"`
	Workers   int     `json:"workers"`
	ItemsEach int     `json:"itemsEach"`
}

type reply = wire.Reply

type driver struct {
	filter *BloomFilter
}

// replace makes the filter from make current, unless make refuses its input.
func (d *driver) replace(make func() (*BloomFilter, error)) reply {
	f, err := make()
	if err != nil {
		return reply{"error": "invalid", "message": err.Error()}
	}
	if f == nil {
		return reply{"error": "exception", "message": "a nil *BloomFilter came back without an error"}
	}
	d.filter = f
	return reply{"ok": true, "m": f.M(), "k": f.K()}
}

func unmarshal(data []byte) (*BloomFilter, error) {
	f := new(BloomFilter)
	if err := f.UnmarshalBinary(data); err != nil {
		return nil, err
	}
	return f, nil
}

// whole turns a JSON number into the unsigned integer New and NewWithCapacity take. A fraction, a
// negative number or one beyond max has no such integer: the driver refuses it as the contract refuses
// it ({"error":"invalid"}), instead of truncating it into a value your code would accept.
func whole(x float64, max uint64) (uint64, error) {
	if x != math.Trunc(x) || x < 0 || x > float64(max) {
		return 0, fmt.Errorf("driver: %v is not a whole number from 0 to %d", x, max)
	}
	return uint64(x), nil
}

// newFilter calls New with m and k from the wire (see whole).
func newFilter(m, k float64) (*BloomFilter, error) {
	wm, err := whole(m, math.MaxUint32)
	if err != nil {
		return nil, err
	}
	wk, err := whole(k, math.MaxUint32)
	if err != nil {
		return nil, err
	}
	return New(uint32(wm), uint32(wk))
}

func (d *driver) memory(req request) reply {
	before := wire.LiveHeap()
	f, err := newFilter(req.M, req.K)
	if err != nil {
		return reply{"error": "invalid", "message": err.Error()}
	}
	for i := 0; i < req.Items; i++ {
		f.Add("mem-" + strconv.Itoa(i))
	}
	after := wire.LiveHeap()
	grew := int64(after) - int64(before)
	if grew < 0 {
		grew = 0
	}
	r := reply{"sizeInBytes": f.SizeInBytes(), "grewBy": grew, "bitCount": f.BitCount()}
	runtime.KeepAlive(f)
	return r
}

func (d *driver) hammer(req request) reply {
	f := d.filter
	workers, itemsEach := req.Workers, req.ItemsEach
	if workers <= 0 {
		workers = 8
	}
	if itemsEach <= 0 {
		itemsEach = 500
	}
	var added, missedOwn int64
	wire.Parallel(workers, func(w int) {
		other := req.Prefix + strconv.Itoa((w+1)%workers) + "-"
		for i := 0; i < itemsEach; i++ {
			item := req.Prefix + strconv.Itoa(w) + "-" + strconv.Itoa(i)
			f.Add(item)
			atomic.AddInt64(&added, 1)
			runtime.Gosched()
			if !f.MightContain(item) {
				atomic.AddInt64(&missedOwn, 1)
			}
			f.MightContain(other + strconv.Itoa(i))
			if i%25 == 0 {
				f.BitCount()
				f.MarshalBinary()
			}
		}
	})
	return reply{"added": added, "missedOwn": missedOwn, "bitCount": f.BitCount()}
}

// needFilter makes an operation of f that refuses to run before a filter exists.
func (d *driver) needFilter(f func(f *BloomFilter, req request) reply) wire.Operation {
	return wire.With(func(req request) reply {
		if d.filter == nil {
			return reply{"error": "exception", "message": `no filter: send {"op":"new"} first`}
		}
		return f(d.filter, req)
	})
}

func main() {
	d := &driver{}
	wire.Serve(map[string]wire.Operation{
		"new": wire.With(func(req request) reply {
			return d.replace(func() (*BloomFilter, error) { return newFilter(req.M, req.K) })
		}),
		"capacity": wire.With(func(req request) reply {
			return d.replace(func() (*BloomFilter, error) {
				n, err := whole(req.N, math.MaxUint64)
				if err != nil {
					return nil, err
				}
				return NewWithCapacity(n, req.P)
			})
		}),
		"fromBytes": wire.With(func(req request) reply {
			data, err := hex.DecodeString(req.Hex)
			if err != nil {
				return reply{"error": "exception", "message": "driver: bad hex: " + err.Error()}
			}
			return d.replace(func() (*BloomFilter, error) { return unmarshal(data) })
		}),
		"memory": wire.With(d.memory),
		"add": d.needFilter(func(f *BloomFilter, req request) reply {
			f.Add(req.Item)
			return reply{"ok": true}
		}),
		"has": d.needFilter(func(f *BloomFilter, req request) reply { return reply{"result": f.MightContain(req.Item)} }),
		"locations": d.needFilter(func(f *BloomFilter, req request) reply {
			locs := f.Locations(req.Item)
			if locs == nil {
				locs = []uint32{}
			}
			return reply{"locations": locs}
		}),
		"bitCount": d.needFilter(func(f *BloomFilter, req request) reply { return reply{"bitCount": f.BitCount()} }),
		"size":     d.needFilter(func(f *BloomFilter, req request) reply { return reply{"sizeInBytes": f.SizeInBytes()} }),
		"addMany": d.needFilter(func(f *BloomFilter, req request) reply {
			for i := req.From; i < req.From+req.Count; i++ {
				f.Add(req.Prefix + strconv.Itoa(i))
			}
			return reply{"ok": true}
		}),
		"countMany": d.needFilter(func(f *BloomFilter, req request) reply {
			present := 0
			for i := req.From; i < req.From+req.Count; i++ {
				if f.MightContain(req.Prefix + strconv.Itoa(i)) {
					present++
				}
			}
			return reply{"count": present}
		}),
		"toBytes": d.needFilter(func(f *BloomFilter, req request) reply {
			data, err := f.MarshalBinary()
			if err != nil {
				return reply{"error": "exception", "message": "MarshalBinary: " + err.Error()}
			}
			return reply{"hex": hex.EncodeToString(data), "length": len(data)}
		}),
		"roundtrip": d.needFilter(func(f *BloomFilter, req request) reply {
			data, err := f.MarshalBinary()
			if err != nil {
				return reply{"error": "exception", "message": "MarshalBinary: " + err.Error()}
			}
			return d.replace(func() (*BloomFilter, error) { return unmarshal(data) })
		}),
		"hammer": d.needFilter(func(f *BloomFilter, req request) reply { return d.hammer(req) }),
	})
}
