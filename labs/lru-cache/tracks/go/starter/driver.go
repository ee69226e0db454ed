package main

// Provided driver: do not edit. The grader talks to your cache through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". Time is virtual: the cache gets this driver's
// Clock, which moves only on "advance". Values are strings: the cache is an *LRUCache[string]. Replies:
//   new {capacity, reentrant?}    -> {ok:true} | {error:"rejected", message}   (rejected: NewLRUCache returned an error)
//       A fresh cache whose OnEvict records every call. With reentrant:true the callback also calls
//       Len() and Get(key) on the cache itself, and records what they returned.
//   set {key, value, ttlMs?}      -> {ok:true, evicted}  | {error:"rejected", message, evicted}  (Set panicked on a negative TTL)
//   get {key}                     -> {hit:true, value, evicted} | {hit:false, evicted}
//   delete {key}                  -> {deleted, evicted}
//   len                           -> {len, evicted}
//       evicted: the OnEvict calls made during this request, in order: [key, value, reason], or with
//       reentrant:true [key, value, reason, Len() inside the callback, Get(key) inside the callback or null].
//   advance {ms}                  -> {ok:true, now}   now: ms since the driver started
//   time {subject?, ops, capacity, keySpace, fill, seed, budgetMs, maxMsPerOp?, graceMs?}
//       subject "map": a plain map (oldest key dropped past capacity; no recency, no TTL) instead of your
//       LRUCache, to see how this machine's memory slows any map as it grows.
//       Sets keys 0 .. fill-1 first (not timed), then runs one seeded workload of `ops` operations (Get 55%, Set 35% of which a third with a TTL,
//       Delete 7%, Len 3%, over `keySpace` keys; its own virtual clock moves 1 ms every 8 operations)
//       against a fresh LRUCache of `capacity`. The elapsed time is measured here with Go's monotonic
//       clock (time.Since). A run whose fill and workload together exceed budgetMs, or graceMs +
//       maxMsPerOp for each call made so far, stops early (completed:false).   -> {ms, fillMs, filled, completed, opsDone, hits, misses, len}
//   hammer {workers, opsEach, capacity, keySpace, seed}
//       `workers` goroutines, each making opsEach random Get/Set/Delete/Len calls on a fresh cache (a
//       value is never set twice; some sets carry a TTL; a shared virtual clock moves). Afterwards,
//       with the clock still, Len() is compared with the keys that Get() still finds.
//       -> {ops, capacity, maxLenSeen, lenOverCapacity, evictedTwice, evictedServed, finalLen, liveKeys, other}
//   hammer {workers, opsEach, capacity, keySpace, seed, gets:true}
//       Gets only: a cache of `capacity` holding keys k0 .. k(keySpace-1), no TTL; each goroutine calls
//       Get on random keys and hands over to the next (runtime.Gosched) after every call. Same reply.
// The wire (package lab/wire) answers an unknown op and a malformed line; a panic in your code
// -> {error:"exception", message, evicted}.
// stdout carries replies only: log to os.Stderr.

import (
	"fmt"
	"math/rand"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"lab/wire"
)

type request struct {
	Capacity  *float64 `json:"capacity"`
	Reentrant bool     `json:"reentrant"`
	Key       string   `json:"key"`
	Value     string   `json:"value"`
	TTLMs     *float64 `json:"ttlMs"`
	Ms        float64  `json:"ms"`
	Ops       int      `json:"ops"`
	KeySpace  int      `json:"keySpace"`
	Fill      int      `json:"fill"`
	Subject   string   `json:"subject"`
	MaxMsOp   float64  `json:"maxMsPerOp"`
	GraceMs   float64  `json:"graceMs"`
	Seed      int64    `json:"seed"`
	BudgetMs  float64  `json:"budgetMs"`
	Workers   int      `json:"workers"`
	OpsEach   int      `json:"opsEach"`
	Gets      bool     `json:"gets"`
}

type reply = wire.Reply

// fakeClock is a virtual clock: it moves only when told to. Whole milliseconds in an atomic, not the
// wire's locked Clock: the timed workload reads it on every call, and a lock there would be timed too.
type fakeClock struct {
	ms int64 // atomic: milliseconds since start
}

func (c *fakeClock) Now() time.Time {
	return wire.Start.Add(time.Duration(atomic.LoadInt64(&c.ms)) * time.Millisecond)
}
func (c *fakeClock) advance(ms int64) int64 { return atomic.AddInt64(&c.ms, ms) }

type driver struct {
	clock   *fakeClock
	cache   *LRUCache[string]
	mu      sync.Mutex // guards evicted
	evicted [][]interface{}
}

func (d *driver) record(e []interface{}) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.evicted = append(d.evicted, e)
}

func (d *driver) drain() [][]interface{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	list := d.evicted
	d.evicted = nil
	if list == nil {
		list = [][]interface{}{}
	}
	return list
}

func (d *driver) create(req request) reply {
	capacity := 0
	if req.Capacity != nil {
		capacity = int(*req.Capacity)
	}
	var self *LRUCache[string]
	reentrant := req.Reentrant
	onEvict := func(key string, value string, reason EvictionReason) {
		if !reentrant || self == nil {
			d.record([]interface{}{key, value, string(reason)})
			return
		}
		n := self.Len()
		var got interface{}
		if v, ok := self.Get(key); ok {
			got = v
		}
		d.record([]interface{}{key, value, string(reason), n, got})
	}
	d.drain()
	d.cache = nil
	c, err := NewLRUCache(Options[string]{Capacity: capacity, Clock: d.clock, OnEvict: onEvict})
	if err != nil {
		if c != nil {
			return reply{"error": "exception", "message": "NewLRUCache returned both a cache and an error: " + err.Error()}
		}
		return reply{"error": "rejected", "message": err.Error()}
	}
	if c == nil {
		return reply{"error": "exception", "message": "NewLRUCache returned a nil cache and no error"}
	}
	self = c
	d.cache = c
	return reply{"ok": true}
}

func (d *driver) set(req request) (r reply) {
	var ttl time.Duration
	if req.TTLMs != nil {
		ttl = wire.Millis(*req.TTLMs)
	}
	if ttl < 0 {
		defer func() {
			if p := recover(); p != nil {
				r = reply{"error": "rejected", "message": fmt.Sprint(p), "evicted": d.drain()}
			}
		}()
	}
	d.cache.Set(req.Key, req.Value, ttl)
	return reply{"ok": true, "evicted": d.drain()}
}

const (
	opGet = iota
	opSet
	opSetTTL
	opDelete
	opLen
)

// timedCache is what the "time" request drives: your LRUCache, or a plainMap.
type timedCache interface {
	Get(key string) (string, bool)
	Set(key string, value string, ttl time.Duration)
	Delete(key string) bool
	Len() int
}

// plainMap is the "map" subject: Go's own map, dropping its oldest key past the capacity, with no recency
// and no expiry. Not a cache to copy: it only shows how this machine's memory slows any map as it grows.
type plainMap struct {
	m        map[string]string
	order    []string // keys in the order they were first set; some may be gone
	head     int
	capacity int
}

func newPlainMap(capacity int) *plainMap {
	return &plainMap{m: map[string]string{}, capacity: capacity}
}

func (p *plainMap) Get(key string) (string, bool) {
	v, ok := p.m[key]
	return v, ok
}

func (p *plainMap) Set(key string, value string, _ time.Duration) {
	if _, ok := p.m[key]; !ok {
		p.order = append(p.order, key)
	}
	p.m[key] = value
	for len(p.m) > p.capacity && p.head < len(p.order) {
		delete(p.m, p.order[p.head])
		p.head++
	}
	if p.head > len(p.order)/2 {
		p.order = append([]string(nil), p.order[p.head:]...)
		p.head = 0
	}
}

func (p *plainMap) Delete(key string) bool {
	_, ok := p.m[key]
	delete(p.m, key)
	return ok
}

func (p *plainMap) Len() int { return len(p.m) }

func (d *driver) time(req request) reply {
	ops, capacity, keySpace := req.Ops, 5000, req.KeySpace
	if ops <= 0 {
		ops = 200_000
	}
	if req.Capacity != nil {
		capacity = int(*req.Capacity)
	}
	if keySpace <= 0 {
		keySpace = 2 * capacity
	}
	budget := 60 * time.Second
	if req.BudgetMs > 0 {
		budget = wire.Millis(req.BudgetMs)
	}
	r := rand.New(rand.NewSource(req.Seed))
	keys := make([]string, keySpace)
	for i := range keys {
		keys[i] = fmt.Sprintf("key-%d", i)
	}
	kinds := make([]uint8, ops)
	which := make([]int32, ops)
	ttls := make([]time.Duration, ops)
	for i := 0; i < ops; i++ {
		x := r.Float64()
		switch {
		case x < 0.55:
			kinds[i] = opGet
		case x < 0.9:
			kinds[i] = opSet
			if r.Float64() < 1.0/3 {
				kinds[i] = opSetTTL
			}
		case x < 0.97:
			kinds[i] = opDelete
		default:
			kinds[i] = opLen
		}
		which[i] = int32(r.Intn(keySpace))
		ttls[i] = time.Duration(1+r.Intn(3000)) * time.Millisecond
	}
	clock := &fakeClock{}
	evictions := 0
	onEvict := func(string, string, EvictionReason) { evictions++ }
	var subject timedCache = newPlainMap(capacity)
	if req.Subject != "map" {
		c, err := NewLRUCache(Options[string]{Capacity: capacity, Clock: clock, OnEvict: onEvict})
		if err != nil || c == nil {
			return reply{"error": "exception", "message": fmt.Sprintf("NewLRUCache(%d) failed: %v", capacity, err)}
		}
		subject = c
	}
	runtime.GC()
	// The fill (untimed, but inside the budget): keys 0 .. fill-1, so the workload starts on a full cache.
	started := time.Now()
	var collecting time.Duration
	// Past the budget, or past graceMs + maxMsPerOp per call made so far (sets of the fill included), the run stops.
	over := func(calls int) bool {
		elapsed := time.Since(started)
		if elapsed > budget {
			return true
		}
		return req.MaxMsOp > 0 && elapsed > collecting+wire.Millis(req.GraceMs+req.MaxMsOp*float64(calls))
	}
	filled := 0
	for ; filled < req.Fill && filled < keySpace; filled++ {
		subject.Set(keys[filled], keys[filled], 0)
		if filled&255 == 255 && over(filled+1) {
			// Stopped during the fill: the whole reply all the same (the fill took all of the time).
			ms := float64(time.Since(started).Microseconds()) / 1000
			return reply{"ms": ms, "fillMs": ms, "filled": filled + 1, "completed": false, "opsDone": 0, "hits": 0, "misses": 0, "len": subject.Len(), "evictions": evictions}
		}
	}
	fillMs := float64(time.Since(started).Microseconds()) / 1000
	// The fill's garbage is collected here, not during the timed workload, and not held against the pace.
	runtime.GC()
	collecting = time.Since(started) - wire.Millis(fillMs)
	hits, misses, done := 0, 0, 0
	began := time.Now()
	for i := 0; i < ops; i++ {
		key := keys[which[i]]
		switch kinds[i] {
		case opGet:
			if _, ok := subject.Get(key); ok {
				hits++
			} else {
				misses++
			}
		case opSet:
			subject.Set(key, key, 0)
		case opSetTTL:
			subject.Set(key, key, ttls[i])
		case opDelete:
			subject.Delete(key)
		default:
			subject.Len()
		}
		if i&7 == 7 {
			clock.advance(1)
		}
		done = i + 1
		if i&255 == 255 && over(filled+i+1) {
			break
		}
	}
	elapsed := time.Since(began)
	ms := float64(elapsed.Microseconds()) / 1000
	return reply{"ms": ms, "fillMs": fillMs, "filled": filled, "completed": done == ops, "opsDone": done, "hits": hits, "misses": misses, "len": subject.Len(), "evictions": evictions}
}

func (d *driver) hammer(req request) reply {
	workers, opsEach, capacity, keySpace := req.Workers, req.OpsEach, 50, req.KeySpace
	if workers <= 0 {
		workers = 8
	}
	if opsEach <= 0 {
		opsEach = 1000
	}
	if req.Capacity != nil {
		capacity = int(*req.Capacity)
	}
	if keySpace <= 0 {
		keySpace = 4 * capacity
	}
	if req.Gets {
		return hammerGets(workers, opsEach, capacity, keySpace, req.Seed)
	}
	clock := &fakeClock{}
	var evMu sync.Mutex
	evictedCount := map[string]int{}
	c, err := NewLRUCache(Options[string]{Capacity: capacity, Clock: clock, OnEvict: func(_ string, value string, _ EvictionReason) {
		evMu.Lock()
		evictedCount[value]++
		evMu.Unlock()
	}})
	if err != nil || c == nil {
		return reply{"error": "exception", "message": fmt.Sprintf("NewLRUCache(%d) failed: %v", capacity, err)}
	}
	var ops, maxLenSeen, lenOverCapacity, other int64
	eachWorker(workers, req.Seed, func(w int, r *rand.Rand) {
		for i := 0; i < opsEach; i++ {
			key := fmt.Sprintf("k%d", r.Intn(keySpace))
			x := r.Float64()
			ttl := time.Duration(0)
			if r.Float64() < 0.3 {
				ttl = time.Duration(1+r.Intn(40)) * time.Millisecond
			}
			func() {
				defer func() {
					if p := recover(); p != nil {
						atomic.AddInt64(&other, 1)
					}
				}()
				switch {
				case x < 0.45:
					c.Get(key)
				case x < 0.85:
					c.Set(key, fmt.Sprintf("%d:%d", w, i), ttl)
				case x < 0.95:
					c.Delete(key)
				}
				n := int64(c.Len())
				for {
					seen := atomic.LoadInt64(&maxLenSeen)
					if n <= seen || atomic.CompareAndSwapInt64(&maxLenSeen, seen, n) {
						break
					}
				}
				if n > int64(capacity) {
					atomic.AddInt64(&lenOverCapacity, 1)
				}
			}()
			atomic.AddInt64(&ops, 1)
			if i%25 == 0 {
				clock.advance(1)
			}
		}
	})
	evictedTwice := 0
	for _, n := range evictedCount {
		if n > 1 {
			evictedTwice++
		}
	}
	finalLen := c.Len()
	liveKeys, evictedServed := 0, 0
	for k := 0; k < keySpace; k++ {
		v, ok := c.Get(fmt.Sprintf("k%d", k))
		if !ok {
			continue
		}
		liveKeys++
		if evictedCount[v] > 0 {
			evictedServed++
		}
	}
	return reply{"ops": ops, "capacity": capacity, "maxLenSeen": maxLenSeen, "lenOverCapacity": lenOverCapacity,
		"evictedTwice": evictedTwice, "evictedServed": evictedServed, "finalLen": finalLen, "liveKeys": liveKeys, "other": other}
}

// eachWorker runs body in `workers` goroutines at once, each with its own seeded random source, and waits for all.
func eachWorker(workers int, seed int64, body func(w int, r *rand.Rand)) {
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			body(w, rand.New(rand.NewSource(seed+int64(w))))
		}(w)
	}
	wg.Wait()
}

// hammerGets lets goroutines call only Get on a cache holding every key they ask for, handing over after
// each call. Get moves the entry it finds, so two Gets write the same list: with nothing else between
// them (no Set, no Len, no shared counter, each of which could order them) the race detector sees the
// pair even on a machine too busy to run two goroutines at the same moment.
func hammerGets(workers, opsEach, capacity, keySpace int, seed int64) reply {
	// Nothing is evicted (every key fits, none expires): a lost key shows as liveKeys below keySpace.
	c, err := NewLRUCache(Options[string]{Capacity: capacity, Clock: &fakeClock{}, OnEvict: func(string, string, EvictionReason) {}})
	if err != nil || c == nil {
		return reply{"error": "exception", "message": fmt.Sprintf("NewLRUCache(%d) failed: %v", capacity, err)}
	}
	for k := 0; k < keySpace; k++ {
		c.Set(fmt.Sprintf("k%d", k), fmt.Sprintf("v%d", k), 0)
	}
	done := make([]int, workers)   // each goroutine counts in its own slot: a shared counter would order the calls
	panics := make([]int, workers) // the same
	eachWorker(workers, seed, func(w int, r *rand.Rand) {
		for i := 0; i < opsEach; i++ {
			key := fmt.Sprintf("k%d", r.Intn(keySpace))
			func() {
				defer func() {
					if p := recover(); p != nil {
						panics[w]++
					}
				}()
				c.Get(key)
			}()
			done[w]++
			runtime.Gosched()
		}
	})
	ops, other := 0, 0
	for w := range done {
		ops += done[w]
		other += panics[w]
	}
	finalLen := c.Len()
	liveKeys := 0
	for k := 0; k < keySpace; k++ {
		if _, ok := c.Get(fmt.Sprintf("k%d", k)); ok {
			liveKeys++
		}
	}
	over := 0
	if finalLen > capacity {
		over = 1
	}
	return reply{"ops": ops, "capacity": capacity, "maxLenSeen": finalLen, "lenOverCapacity": over,
		"evictedTwice": 0, "evictedServed": 0, "finalLen": finalLen, "liveKeys": liveKeys, "other": other}
}

// needCache makes an operation of f that refuses to run before "new".
func (d *driver) needCache(f func(c *LRUCache[string], req request) reply) wire.Operation {
	return wire.With(func(req request) reply {
		if d.cache == nil {
			return reply{"error": "exception", "message": `no cache: send {"op":"new"} first`}
		}
		return f(d.cache, req)
	})
}

func main() {
	d := &driver{clock: &fakeClock{}}
	wire.ServeWith(map[string]wire.Operation{
		"new": wire.With(d.create),
		"advance": wire.With(func(req request) reply {
			return reply{"ok": true, "now": d.clock.advance(int64(req.Ms))}
		}),
		"set": d.needCache(func(c *LRUCache[string], req request) reply { return d.set(req) }),
		"get": d.needCache(func(c *LRUCache[string], req request) reply {
			v, ok := c.Get(req.Key)
			if !ok {
				return reply{"hit": false, "evicted": d.drain()}
			}
			return reply{"hit": true, "value": v, "evicted": d.drain()}
		}),
		"delete": d.needCache(func(c *LRUCache[string], req request) reply {
			deleted := c.Delete(req.Key)
			return reply{"deleted": deleted, "evicted": d.drain()}
		}),
		"len": d.needCache(func(c *LRUCache[string], req request) reply {
			n := c.Len()
			return reply{"len": n, "evicted": d.drain()}
		}),
		"time":   wire.With(d.time),
		"hammer": wire.With(d.hammer),
	}, func(r reply) reply {
		r["evicted"] = d.drain()
		return r
	})
}
