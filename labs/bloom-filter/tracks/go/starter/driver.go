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
// Unknown op -> {error:"unknown-op", op}; a panic in your code -> {error:"exception", message}.
// stdout carries replies only: log to os.Stderr.

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

type request struct {
	ID        json.RawMessage `json:"id"`
	Op        string          `json:"op"`
	M         float64         `json:"m"`
	K         float64         `json:"k"`
	N         float64         `json:"n"`
	P         float64         `json:"p"`
	Item      string          `json:"item"`
	Prefix    string          `json:"prefix"`
	From      int             `json:"from"`
	Count     int             `json:"count"`
	Hex       string          `json:"hex"`
	Items     int             `json:"items"`
	Workers   int             `json:"workers"`
	ItemsEach int             `json:"itemsEach"`
}

type reply map[string]interface{}

type driver struct {
	out    *bufio.Writer
	filter *BloomFilter
}

func (d *driver) send(id json.RawMessage, r reply) {
	r["id"] = id
	line, err := json.Marshal(r)
	if err != nil {
		line, _ = json.Marshal(reply{"id": id, "error": "exception", "message": err.Error()})
	}
	d.out.Write(line)
	d.out.WriteByte('\n')
	d.out.Flush()
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

func liveHeap() uint64 {
	var s runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&s)
	return s.HeapAlloc
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
	before := liveHeap()
	f, err := newFilter(req.M, req.K)
	if err != nil {
		return reply{"error": "invalid", "message": err.Error()}
	}
	for i := 0; i < req.Items; i++ {
		f.Add("mem-" + strconv.Itoa(i))
	}
	after := liveHeap()
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
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
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
		}(w)
	}
	wg.Wait()
	return reply{"added": added, "missedOwn": missedOwn, "bitCount": f.BitCount()}
}

// guard turns a panic in the learner's code into an "exception" reply.
func guard(f func() reply) (r reply) {
	defer func() {
		if p := recover(); p != nil {
			r = reply{"error": "exception", "message": fmt.Sprintf("panic: %v", p)}
		}
	}()
	return f()
}

func (d *driver) handle(req request) reply {
	switch req.Op {
	case "new":
		return d.replace(func() (*BloomFilter, error) { return newFilter(req.M, req.K) })
	case "capacity":
		return d.replace(func() (*BloomFilter, error) {
			n, err := whole(req.N, math.MaxUint64)
			if err != nil {
				return nil, err
			}
			return NewWithCapacity(n, req.P)
		})
	case "fromBytes":
		data, err := hex.DecodeString(req.Hex)
		if err != nil {
			return reply{"error": "exception", "message": "driver: bad hex: " + err.Error()}
		}
		return d.replace(func() (*BloomFilter, error) { return unmarshal(data) })
	case "memory":
		return d.memory(req)
	}
	if d.filter == nil {
		switch req.Op {
		case "add", "has", "locations", "bitCount", "size", "addMany", "countMany", "toBytes", "roundtrip", "hammer":
			return reply{"error": "exception", "message": `no filter: send {"op":"new"} first`}
		}
	}
	f := d.filter
	switch req.Op {
	case "add":
		f.Add(req.Item)
		return reply{"ok": true}
	case "has":
		return reply{"result": f.MightContain(req.Item)}
	case "locations":
		locs := f.Locations(req.Item)
		if locs == nil {
			locs = []uint32{}
		}
		return reply{"locations": locs}
	case "bitCount":
		return reply{"bitCount": f.BitCount()}
	case "size":
		return reply{"sizeInBytes": f.SizeInBytes()}
	case "addMany":
		for i := req.From; i < req.From+req.Count; i++ {
			f.Add(req.Prefix + strconv.Itoa(i))
		}
		return reply{"ok": true}
	case "countMany":
		present := 0
		for i := req.From; i < req.From+req.Count; i++ {
			if f.MightContain(req.Prefix + strconv.Itoa(i)) {
				present++
			}
		}
		return reply{"count": present}
	case "toBytes":
		data, err := f.MarshalBinary()
		if err != nil {
			return reply{"error": "exception", "message": "MarshalBinary: " + err.Error()}
		}
		return reply{"hex": hex.EncodeToString(data), "length": len(data)}
	case "roundtrip":
		data, err := f.MarshalBinary()
		if err != nil {
			return reply{"error": "exception", "message": "MarshalBinary: " + err.Error()}
		}
		return d.replace(func() (*BloomFilter, error) { return unmarshal(data) })
	case "hammer":
		return d.hammer(req)
	}
	return reply{"error": "unknown-op", "op": req.Op}
}

func main() {
	d := &driver{out: bufio.NewWriter(os.Stdout)}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	for in.Scan() {
		line := in.Bytes()
		if len(line) == 0 {
			continue
		}
		var req request
		if err := json.Unmarshal(line, &req); err != nil {
			fmt.Fprintf(os.Stderr, "driver: ignoring a line that is not a request: %s\n", line)
			continue
		}
		d.send(req.ID, guard(func() reply { return d.handle(req) }))
	}
}
