package main

// Provided driver: do not edit. The grader talks to your limiters through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". Time is virtual: both limiters get this
// driver's Clock, which moves only on "advance". One token bucket and one sliding-window limiter
// exist at a time; making a new one replaces the old. Replies:
//   bucket {rate, burst}                 -> {ok:true}    NewTokenBucket(rate, burst, clock)
//   window {limit, windowMs, maxKeys}    -> {ok:true}    NewSlidingWindowLimiter(limit, windowMs ms, maxKeys, clock)
//   advance {ms}                         -> {ok:true, now}   ms may be negative (the clock goes back);
//                                           now: ms since the driver started
//   allow                                -> {allowed}    bucket.Allow()
//   allowN {n}                           -> {allowed}    bucket.AllowN(n)
//   tokens                               -> {tokens}     bucket.Tokens()
//   allowKey {key}                       -> {allowed}    window.Allow(key)
//   size                                 -> {size}       window.Size()
//   spray {prefix, count}
//       window.Allow(prefix + i) for i = 0 .. count-1, each followed by window.Size().
//       Replies {allowed, size, maxSize}: how many were allowed, Size() at the end, the largest Size() seen.
//   hammerBucket {workers, callsEach, nMax, seed, advanceSteps}
//       workers goroutines, each making callsEach bucket.AllowN(n) calls (n from 1 to nMax) with
//       bucket.Tokens() between them; meanwhile, when advanceSteps > 0, another goroutine moves the
//       clock 1 ms forward advanceSteps times.
//       Replies {calls, allowed, taken, tokens, advancedMs}: taken is the sum of n over allowed calls,
//       tokens is bucket.Tokens() at the end.
//   hammerWindow {workers, callsEach, keys?, seed}
//       workers goroutines, each making callsEach window.Allow(key) calls with window.Size() between
//       them; key: a random one of `keys`, or a key of its own for every call when keys is absent.
//       Replies {calls, allowed, requests:{key:n}, allowedByKey:{key:n}, size, maxSize}
//       (requests and allowedByKey only when keys is given).
//   contendBucket {rounds, workers, burst, holdMs}
//       rounds times: a new bucket (rate 0, burst), then workers goroutines released together, each
//       making one Allow() call. Meanwhile the clock is a rendezvous: a Now() call waits (at most
//       holdMs) for a second caller, so two callers that can be inside the bucket at once are; once
//       a wait ends alone, the round's later Now() calls return at once.
//       Replies {results: [{allowed, tokens}]}, one per round; tokens is Tokens() after the round.
//   churn {prefix, count, every}
//       window.Allow(prefix + i) for i = 0 .. count-1, the clock moved forward by the window after every
//       `every` calls (so the earlier keys go idle). Replies {allowed, size, heapGrowthBytes}: the growth
//       of the live heap (after a full collection) from before the first call to after the last.
// The wire (package lab/wire) answers an unknown op, a malformed line, and a panic in your code.
// stdout carries replies only: log to os.Stderr.

import (
	"math/rand"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"lab/wire"
)

type request struct {
	Rate         float64  `json:"rate"`
	Burst        float64  `json:"burst"`
	Limit        float64  `json:"limit"`
	WindowMs     float64  `json:"windowMs"`
	MaxKeys      float64  `json:"maxKeys"`
	Ms           float64  `json:"ms"`
	N            float64  `json:"n"`
	Key          string   `json:"key"`
	Prefix       string   `json:"prefix"`
	Count        int      `json:"count"`
	Workers      int      `json:"workers"`
	CallsEach    int      `json:"callsEach"`
	NMax         int      `json:"nMax"`
	Seed         int64    `json:"seed"`
	AdvanceSteps int      `json:"advanceSteps"`
	Keys         []string `json:"keys"`
	Rounds       int      `json:"rounds"`
	HoldMs       float64  `json:"holdMs"`
	Every        int      `json:"every"`
}

type reply = wire.Reply

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
	// While parties > 0, Now() is a rendezvous: a caller waits (at most hold) until parties callers
	// have arrived, so callers that can be inside the same critical section at once meet there.
	parties int
	hold    time.Duration
	arrived int
	gate    chan struct{}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	now := c.now
	if c.parties == 0 {
		c.mu.Unlock()
		return now
	}
	if c.gate == nil {
		c.gate = make(chan struct{})
	}
	gate := c.gate
	c.arrived++
	if c.arrived >= c.parties {
		close(gate)
		c.gate, c.arrived = nil, 0
		c.mu.Unlock()
		return now
	}
	c.mu.Unlock()
	timer := time.NewTimer(c.hold)
	defer timer.Stop()
	select {
	case <-gate:
	case <-timer.C:
		c.mu.Lock()
		if c.gate == gate {
			// Nobody joined within hold: the other callers are kept out (a lock held for the whole
			// decision). The rest of the round waits no more, so a correct bucket pays one hold a round.
			c.arrived--
			c.parties = 0
		}
		c.mu.Unlock()
	}
	return now
}

func (c *fakeClock) rendezvous(parties int, hold time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parties, c.hold, c.arrived, c.gate = parties, hold, 0, nil
}

func (c *fakeClock) advance(d time.Duration) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now.Sub(wire.Start)
}

type driver struct {
	clock        *fakeClock
	bucket       *TokenBucket
	window       *SlidingWindowLimiter
	windowLength time.Duration // the window of the current sliding-window limiter
}

func (d *driver) needBucket() *TokenBucket {
	if d.bucket == nil {
		panic(`no token bucket: send {"op":"bucket"} first`)
	}
	return d.bucket
}

func (d *driver) needWindow() *SlidingWindowLimiter {
	if d.window == nil {
		panic(`no sliding-window limiter: send {"op":"window"} first`)
	}
	return d.window
}

func (d *driver) hammerBucket(req request) reply {
	b := d.needBucket()
	workers, callsEach, nMax := req.Workers, req.CallsEach, req.NMax
	if workers <= 0 {
		workers = 8
	}
	if callsEach <= 0 {
		callsEach = 100
	}
	if nMax <= 0 {
		nMax = 1
	}
	var calls, allowed, taken, advanced int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(r *rand.Rand) {
			defer wg.Done()
			for i := 0; i < callsEach; i++ {
				n := 1 + r.Intn(nMax)
				atomic.AddInt64(&calls, 1)
				if b.AllowN(n) {
					atomic.AddInt64(&allowed, 1)
					atomic.AddInt64(&taken, int64(n))
				}
				b.Tokens()
				if r.Intn(2) == 0 {
					runtime.Gosched()
				}
			}
		}(rand.New(rand.NewSource(req.Seed + int64(w))))
	}
	if req.AdvanceSteps > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < req.AdvanceSteps; i++ {
				runtime.Gosched()
				d.clock.advance(time.Millisecond)
				atomic.AddInt64(&advanced, 1)
			}
		}()
	}
	wg.Wait()
	return reply{"calls": calls, "allowed": allowed, "taken": taken, "tokens": b.Tokens(), "advancedMs": advanced}
}

func (d *driver) contendBucket(req request) reply {
	results := make([]reply, 0, req.Rounds)
	for round := 0; round < req.Rounds; round++ {
		d.bucket = NewTokenBucket(0, int(req.Burst), d.clock)
		b := d.bucket
		var allowed int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for w := 0; w < req.Workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				if b.Allow() {
					atomic.AddInt64(&allowed, 1)
				}
			}()
		}
		d.clock.rendezvous(2, wire.Millis(req.HoldMs))
		close(start)
		wg.Wait()
		d.clock.rendezvous(0, 0)
		results = append(results, reply{"allowed": allowed, "tokens": b.Tokens()})
	}
	return reply{"results": results}
}

func (d *driver) churn(req request) reply {
	l := d.needWindow()
	every := req.Every
	if every <= 0 {
		every = 1
	}
	before := wire.LiveHeap()
	allowed := 0
	for i := 0; i < req.Count; i++ {
		if i > 0 && i%every == 0 {
			d.clock.advance(d.windowLength)
		}
		if l.Allow(req.Prefix + strconv.Itoa(i)) {
			allowed++
		}
	}
	size := l.Size()
	growth := int64(wire.LiveHeap()) - int64(before)
	return reply{"allowed": allowed, "size": size, "heapGrowthBytes": growth}
}

func (d *driver) hammerWindow(req request) reply {
	l := d.needWindow()
	workers, callsEach := req.Workers, req.CallsEach
	if workers <= 0 {
		workers = 8
	}
	if callsEach <= 0 {
		callsEach = 100
	}
	var mu sync.Mutex // guards the tallies below
	requests := map[string]int{}
	allowedByKey := map[string]int{}
	calls, allowed, maxSize := 0, 0, 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int, r *rand.Rand) {
			defer wg.Done()
			for i := 0; i < callsEach; i++ {
				var key string
				if len(req.Keys) > 0 {
					key = req.Keys[r.Intn(len(req.Keys))]
				} else {
					key = "w" + strconv.Itoa(w) + "-" + strconv.Itoa(i)
				}
				ok := l.Allow(key)
				size := l.Size()
				mu.Lock()
				calls++
				if ok {
					allowed++
				}
				if len(req.Keys) > 0 {
					requests[key]++
					if ok {
						allowedByKey[key]++
					}
				}
				if size > maxSize {
					maxSize = size
				}
				mu.Unlock()
				if r.Intn(2) == 0 {
					runtime.Gosched()
				}
			}
		}(w, rand.New(rand.NewSource(req.Seed+int64(w))))
	}
	wg.Wait()
	r := reply{"calls": calls, "allowed": allowed, "size": l.Size(), "maxSize": maxSize}
	if len(req.Keys) > 0 {
		r["requests"] = requests
		r["allowedByKey"] = allowedByKey
	}
	return r
}

func main() {
	d := &driver{clock: &fakeClock{now: wire.Start}}
	wire.Serve(map[string]wire.Operation{
		"bucket": wire.With(func(req request) reply {
			d.bucket = nil
			d.bucket = NewTokenBucket(req.Rate, int(req.Burst), d.clock)
			return reply{"ok": true}
		}),
		"window": wire.With(func(req request) reply {
			d.window = nil
			d.window = NewSlidingWindowLimiter(int(req.Limit), wire.Millis(req.WindowMs), int(req.MaxKeys), d.clock)
			d.windowLength = wire.Millis(req.WindowMs)
			return reply{"ok": true}
		}),
		"advance": wire.With(func(req request) reply {
			return reply{"ok": true, "now": d.clock.advance(wire.Millis(req.Ms)).Milliseconds()}
		}),
		"allow":    wire.With(func(req request) reply { return reply{"allowed": d.needBucket().Allow()} }),
		"allowN":   wire.With(func(req request) reply { return reply{"allowed": d.needBucket().AllowN(int(req.N))} }),
		"tokens":   wire.With(func(req request) reply { return reply{"tokens": d.needBucket().Tokens()} }),
		"allowKey": wire.With(func(req request) reply { return reply{"allowed": d.needWindow().Allow(req.Key)} }),
		"size":     wire.With(func(req request) reply { return reply{"size": d.needWindow().Size()} }),
		"spray": wire.With(func(req request) reply {
			l := d.needWindow()
			allowed, maxSize := 0, 0
			for i := 0; i < req.Count; i++ {
				if l.Allow(req.Prefix + strconv.Itoa(i)) {
					allowed++
				}
				if s := l.Size(); s > maxSize {
					maxSize = s
				}
			}
			return reply{"allowed": allowed, "size": l.Size(), "maxSize": maxSize}
		}),
		"hammerBucket":  wire.With(d.hammerBucket),
		"hammerWindow":  wire.With(d.hammerWindow),
		"contendBucket": wire.With(d.contendBucket),
		"churn":         wire.With(d.churn),
	})
}
