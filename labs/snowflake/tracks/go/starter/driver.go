package main

// Provided driver: do not edit. The grader talks to your generator through it, one JSON object per line.
//
// Every request has "id" (the request's number, echoed in its reply) and "op". Snowflake ids travel
// as decimal strings in the field "snowflake", so nothing on the wire rounds them. Time is
// virtual: the generator gets this driver's Clock, whose Now() starts at 1700000000000 ms after
// the Unix epoch and moves only on "advance" and when your code calls Sleep(d) (by d, at once).
// Error codes: "invalid-node" | "before-epoch" | "timestamp-overflow" | "clock-moved-backwards"
// | "invalid-id" (your five errors, found with errors.Is), "runaway" (Now() read 1000000 times
// without the clock moving: a busy wait), "exception" (any other error or panic; message says what).
//   new {node, epoch, now?}  -> {ok:true} | {error, message}
//       now: set the clock to this first (ms). Calls New(Options{Node, Epoch: time.UnixMilli(epoch), Clock}).
//       A node that is not a whole number has no int64 value: the driver replies {error:"invalid-node"}
//       itself, as the contract refuses it, without calling New.
//   advance {ms}             -> {ok:true, now}        ms may be negative: the clock moves backwards
//   next                     -> {snowflake, slept, now} | {error, message, slept, now}
//       slept: the ms of every Sleep made during this call, in order.
//   burst {count}            -> {issued, runs, runsTruncated, sleeps, now, error?, errorAt?, message?}
//       count calls to Next, stopping at the first error (errorAt: its 0-based call number).
//       runs: the ids in the order issued, as [firstId, length] where each run is ids going up
//       by exactly 1 (at most 64 runs; runsTruncated when there were more). sleeps: [{call, ms}].
//   decode {snowflake}       -> {timestamp, node, sequence} | {error, message}
//       an id that does not fit in an int64 is answered "invalid-id" by the driver itself.
//   hammer {workers, idsEach, advanceEvery?}
//       workers goroutines calling Next on the one generator at once, idsEach times each; with
//       advanceEvery n, a goroutine moves the clock 1 ms after every n of its own ids.
//       -> {issued, unique, duplicates, notIncreasing:[worker...], errors:{code:count}, runs, runsTruncated, now}
//       runs: the distinct ids sorted, compressed as for burst.
// The wire (package lab/wire) answers an unknown op and a malformed line. stdout carries replies only: log to os.Stderr.

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"sync"
	"time"

	"lab/wire"
)

const (
	spinLimit = 1_000_000
	maxRuns   = 64
	maxSleeps = 1000
)

type request struct {
	Node         float64  `json:"node"`
	Epoch        float64  `json:"epoch"`
	Now          *float64 `json:"now"`
	Ms           float64  `json:"ms"`
	Count        int      `json:"count"`
	Snowflake    string   `json:"snowflake"`
	Workers      int      `json:"workers"`
	IDsEach      int      `json:"idsEach"`
	AdvanceEvery int      `json:"advanceEvery"`
}

type reply = wire.Reply

type runaway struct{}

func (runaway) Error() string {
	return fmt.Sprintf("Now() was read %d times without the clock moving: wait with Clock.Sleep, never spin", spinLimit)
}

type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	reads  int
	sleeps []float64
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
	if c.reads > spinLimit {
		c.reads = 0
		panic(runaway{})
	}
	return c.now
}

func (c *fakeClock) Sleep(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.sleeps) < maxSleeps {
		c.sleeps = append(c.sleeps, float64(d)/float64(time.Millisecond))
	}
	if d > 0 {
		c.now = c.now.Add(d)
		c.reads = 0
	}
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	c.reads = 0
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.reads = 0
}

// moved says an id came out: reads so far were not a spin.
func (c *fakeClock) moved() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads = 0
}

func (c *fakeClock) nowMs() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now.UnixMilli()
}

func (c *fakeClock) takeSleeps() []float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.sleeps
	c.sleeps = []float64{}
	return s
}

type driver struct {
	clock *fakeClock
	gen   *Generator
}

func errorReply(err error) reply {
	code := "exception"
	switch {
	case errors.Is(err, ErrInvalidNode):
		code = "invalid-node"
	case errors.Is(err, ErrBeforeEpoch):
		code = "before-epoch"
	case errors.Is(err, ErrTimestampOverflow):
		code = "timestamp-overflow"
	case errors.Is(err, ErrClockMovedBackwards):
		code = "clock-moved-backwards"
	case errors.Is(err, ErrInvalidID):
		code = "invalid-id"
	case errors.As(err, &runaway{}):
		code = "runaway"
	}
	return reply{"error": code, "message": err.Error()}
}

// safely runs f, turning a panic into an error.
func safely(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if r, ok := p.(runaway); ok {
				err = r
				return
			}
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return f()
}

func (d *driver) next(g *Generator) (int64, error) {
	var id int64
	err := safely(func() error {
		var e error
		id, e = g.Next()
		return e
	})
	if err == nil {
		d.clock.moved()
	}
	return id, err
}

func compress(ids []int64) ([][2]interface{}, bool) {
	runs := [][2]interface{}{}
	total := 0
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j] == ids[j-1]+1 {
			j++
		}
		total++
		if len(runs) < maxRuns {
			runs = append(runs, [2]interface{}{strconv.FormatInt(ids[i], 10), j - i})
		}
		i = j
	}
	return runs, total > len(runs)
}

func (d *driver) burst(g *Generator, count int) reply {
	ids := make([]int64, 0, count)
	sleeps := []reply{}
	var failure reply
	for call := 0; call < count; call++ {
		d.clock.takeSleeps()
		id, err := d.next(g)
		for _, ms := range d.clock.takeSleeps() {
			sleeps = append(sleeps, reply{"call": call, "ms": ms})
		}
		if err != nil {
			failure = errorReply(err)
			failure["errorAt"] = call
			break
		}
		ids = append(ids, id)
	}
	runs, truncated := compress(ids)
	r := reply{"issued": len(ids), "runs": runs, "runsTruncated": truncated, "sleeps": sleeps, "now": d.clock.nowMs()}
	for k, v := range failure {
		r[k] = v
	}
	return r
}

func (d *driver) hammer(g *Generator, req request) reply {
	workers, idsEach := req.Workers, req.IDsEach
	if workers <= 0 {
		workers = 8
	}
	if idsEach <= 0 {
		idsEach = 1000
	}
	perWorker := make([][]int64, workers)
	var mu sync.Mutex
	errs := map[string]int{}
	wire.Parallel(workers, func(w int) {
		mine := make([]int64, 0, idsEach)
		defer func() { perWorker[w] = mine }()
		for i := 0; i < idsEach; i++ {
			id, err := d.next(g)
			if err != nil {
				code := errorReply(err)["error"].(string)
				mu.Lock()
				errs[code]++
				mu.Unlock()
				if code == "runaway" || code == "exception" {
					return
				}
			} else {
				mine = append(mine, id)
			}
			if req.AdvanceEvery > 0 && (i+1)%req.AdvanceEvery == 0 {
				d.clock.advance(time.Millisecond)
			}
		}
	})
	notIncreasing := []int{}
	all := []int64{}
	for w, ids := range perWorker {
		for i := 1; i < len(ids); i++ {
			if ids[i] <= ids[i-1] {
				notIncreasing = append(notIncreasing, w)
				break
			}
		}
		all = append(all, ids...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	distinct := []int64{}
	for i, id := range all {
		if i == 0 || id != all[i-1] {
			distinct = append(distinct, id)
		}
	}
	runs, truncated := compress(distinct)
	return reply{"issued": len(all), "unique": len(distinct), "duplicates": len(all) - len(distinct),
		"notIncreasing": notIncreasing, "errors": errs, "runs": runs, "runsTruncated": truncated, "now": d.clock.nowMs()}
}

// needGenerator makes an operation of f that refuses to run before "new".
func (d *driver) needGenerator(f func(g *Generator, req request) reply) wire.Operation {
	return wire.With(func(req request) reply {
		if d.gen == nil {
			return reply{"error": "exception", "message": `no generator: send {"op":"new"} first`}
		}
		return f(d.gen, req)
	})
}

func (d *driver) newGenerator(req request) reply {
	if req.Now != nil {
		d.clock.set(time.UnixMilli(int64(*req.Now)))
	}
	d.gen = nil
	var g *Generator
	if req.Node != math.Trunc(req.Node) {
		// Options.Node is an int64: a fraction has no such value, so the driver refuses it as the
		// contract does (the invalid-node error) instead of truncating it into a valid node.
		return reply{"error": "invalid-node", "message": fmt.Sprintf("driver: node %v is not a whole number", req.Node)}
	}
	err := safely(func() error {
		var e error
		g, e = New(Options{Node: int64(req.Node), Epoch: time.UnixMilli(int64(req.Epoch)), Clock: d.clock})
		return e
	})
	if err != nil {
		return errorReply(err)
	}
	if g == nil {
		return reply{"error": "exception", "message": "New returned a nil *Generator and no error"}
	}
	d.gen = g
	return reply{"ok": true}
}

func main() {
	d := &driver{clock: &fakeClock{now: time.UnixMilli(1_700_000_000_000), sleeps: []float64{}}}
	wire.Serve(map[string]wire.Operation{
		"new": wire.With(d.newGenerator),
		"advance": wire.With(func(req request) reply {
			d.clock.advance(wire.Millis(req.Ms))
			return reply{"ok": true, "now": d.clock.nowMs()}
		}),
		"next": d.needGenerator(func(g *Generator, req request) reply {
			d.clock.takeSleeps()
			id, err := d.next(g)
			slept := d.clock.takeSleeps()
			if err != nil {
				r := errorReply(err)
				r["slept"], r["now"] = slept, d.clock.nowMs()
				return r
			}
			return reply{"snowflake": strconv.FormatInt(id, 10), "slept": slept, "now": d.clock.nowMs()}
		}),
		"burst": d.needGenerator(func(g *Generator, req request) reply { return d.burst(g, req.Count) }),
		"decode": d.needGenerator(func(g *Generator, req request) reply {
			id, perr := strconv.ParseInt(req.Snowflake, 10, 64)
			if perr != nil {
				return reply{"error": "invalid-id", "message": "the driver could not read it as an int64: " + perr.Error()}
			}
			var p Parts
			err := safely(func() error {
				var e error
				p, e = g.Decode(id)
				return e
			})
			if err != nil {
				return errorReply(err)
			}
			return reply{"timestamp": p.Timestamp, "node": p.Node, "sequence": p.Sequence}
		}),
		"hammer": d.needGenerator(d.hammer),
	})
}
