package main

// Provided driver: do not edit. The grader talks to your breaker through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". Time is virtual: the breaker gets this
// driver's Clock, which moves only on "advance". Replies:
//   new {settings:{maxRequests?, interval?, timeout?, trip?}}   -> {ok:true}
//       interval and timeout in ms. trip absent: your default ReadyToTrip;
//       {consecutiveFailuresOver:n}: ConsecutiveFailures > n;
//       {minRequests:n, failureRatioAtLeast:r}: Requests >= n && TotalFailures/Requests >= r.
//       OnStateChange records every change for "transitions".
//   advance {ms}        -> {ok:true, now}          now: ms since the driver started
//   state               -> {state}                 State().String()
//   counts              -> {counts:{requests, totalSuccesses, totalFailures, consecutiveSuccesses, consecutiveFailures}}
//   transitions         -> {transitions:[[from,to],...]}   the changes since the last "transitions"
//   execute {call, outcome:"success"|"failure"|"panic", hold?}
//       Calls Execute with a func named `call`: "success" returns (call, nil), "failure" returns
//       (nil, an error), "panic" panics. With hold:true the func blocks until "release" says how it
//       ends, and the reply comes when Execute returns:
//       {ok:true, value, ran}  |  {error:"open"|"too-many-requests", ran}
//       | {error:"fn-error"|"panic", same, ran}  (same: the very error or panic value was passed on)
//       | {error:"exception", message, ran}     (any other error or panic)
//       ran: whether the func was called.
//   release {call, outcome}  -> {ok:true, returned}
//       ends a held func; replies after the held call's own reply (returned:false if Execute had
//       not returned within 1 s).
//   running             -> {running:[call,...]}   held funcs that are running now, sorted
//   hammer {workers, callsEach, seed, failureRate}
//       workers goroutines, each making callsEach Execute calls with State() and Counts() between
//       them. Replies {calls, ok, failed, rejected, ran, other, counts, state}.
// The wire (package lab/wire) answers an unknown op, a malformed line, and a panic in your code.
// stdout carries replies only: log to os.Stderr.

import (
	"errors"
	"fmt"
	"math/rand"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"lab/wire"
)

type tripSpec struct {
	ConsecutiveFailuresOver *float64 `json:"consecutiveFailuresOver"`
	MinRequests             *float64 `json:"minRequests"`
	FailureRatioAtLeast     *float64 `json:"failureRatioAtLeast"`
}

type settingsSpec struct {
	MaxRequests *float64  `json:"maxRequests"`
	Interval    *float64  `json:"interval"`
	Timeout     *float64  `json:"timeout"`
	Trip        *tripSpec `json:"trip"`
}

type request struct {
	Settings    *settingsSpec `json:"settings"`
	Ms          float64       `json:"ms"`
	Call        string        `json:"call"`
	Outcome     string        `json:"outcome"`
	Hold        bool          `json:"hold"`
	Workers     int           `json:"workers"`
	CallsEach   int           `json:"callsEach"`
	Seed        int64         `json:"seed"`
	FailureRate *float64      `json:"failureRate"`
}

type reply = wire.Reply

type fnError struct{ call string }

func (e *fnError) Error() string { return e.call + " failed" }

type fnPanic struct{ call string }

type heldCall struct {
	outcome chan string
	started chan struct{}
	done    chan struct{}
}

type driver struct {
	clock       *wire.Clock
	cb          *CircuitBreaker
	mu          sync.Mutex // guards transitions, running and held
	transitions [][2]string
	running     map[string]bool
	held        map[string]*heldCall
}

func (d *driver) newBreaker(s *settingsSpec) {
	settings := Settings{
		Clock: d.clock,
		OnStateChange: func(from, to State) {
			d.mu.Lock()
			defer d.mu.Unlock()
			d.transitions = append(d.transitions, [2]string{from.String(), to.String()})
		},
	}
	if s != nil {
		if s.MaxRequests != nil {
			settings.MaxRequests = uint32(*s.MaxRequests)
		}
		if s.Interval != nil {
			settings.Interval = wire.Millis(*s.Interval)
		}
		if s.Timeout != nil {
			settings.Timeout = wire.Millis(*s.Timeout)
		}
		if t := s.Trip; t != nil {
			if t.ConsecutiveFailuresOver != nil {
				n := uint32(*t.ConsecutiveFailuresOver)
				settings.ReadyToTrip = func(c Counts) bool { return c.ConsecutiveFailures > n }
			} else {
				var min, ratio float64
				if t.MinRequests != nil {
					min = *t.MinRequests
				}
				if t.FailureRatioAtLeast != nil {
					ratio = *t.FailureRatioAtLeast
				}
				settings.ReadyToTrip = func(c Counts) bool {
					return c.Requests > 0 && float64(c.Requests) >= min && float64(c.TotalFailures)/float64(c.Requests) >= ratio
				}
			}
		}
	}
	d.mu.Lock()
	d.transitions = nil
	d.mu.Unlock()
	d.cb = NewCircuitBreaker(settings)
}

// execute calls Execute with a func whose outcome comes from `outcome` (at once, or on release).
func (d *driver) execute(cb *CircuitBreaker, call string, outcome func() string, started chan struct{}) (r reply) {
	var ran bool
	var produced interface{}
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		if _, ok := produced.(*fnPanic); ok && ran {
			r = reply{"error": "panic", "same": p == produced, "ran": ran}
			if p != produced {
				r["message"] = fmt.Sprint(p)
			}
			return
		}
		r = reply{"error": "exception", "message": fmt.Sprintf("panic: %v", p), "ran": ran}
	}()
	fn := func() (interface{}, error) {
		ran = true
		// Marked running before the driver is told it started, so a `running` request read next sees it.
		d.setRunning(call, true)
		if started != nil {
			close(started)
		}
		o := outcome()
		d.setRunning(call, false)
		switch o {
		case "failure":
			err := &fnError{call}
			produced = err
			return nil, err
		case "panic":
			p := &fnPanic{call}
			produced = p
			panic(p)
		}
		return call, nil
	}
	value, err := cb.Execute(fn)
	switch {
	case err == nil:
		if value != nil {
			if _, ok := value.(string); !ok {
				value = fmt.Sprint(value)
			}
		}
		return reply{"ok": true, "value": value, "ran": ran}
	case errors.Is(err, ErrOpenState):
		return reply{"error": "open", "ran": ran}
	case errors.Is(err, ErrTooManyRequests):
		return reply{"error": "too-many-requests", "ran": ran}
	case ran && produced != nil:
		kind := "fn-error"
		if _, ok := produced.(*fnPanic); ok {
			kind = "panic"
		}
		r := reply{"error": kind, "same": err == produced, "ran": ran}
		if err != produced {
			r["message"] = err.Error()
		}
		return r
	}
	return reply{"error": "exception", "message": err.Error(), "ran": ran}
}

func (d *driver) setRunning(call string, on bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if on {
		d.running[call] = true
	} else {
		delete(d.running, call)
	}
}

func (d *driver) startHeld(req request, answer func(reply)) {
	h := &heldCall{outcome: make(chan string, 1), started: make(chan struct{}), done: make(chan struct{})}
	d.mu.Lock()
	d.held[req.Call] = h
	d.mu.Unlock()
	cb := d.cb
	go func() {
		defer close(h.done)
		answer(wire.Guard(func() reply { return d.execute(cb, req.Call, func() string { return <-h.outcome }, h.started) }))
	}()
	// Let the breaker call the func before the next request is read. A correct breaker calls it at
	// once; the bound is generous because a loaded machine under the race detector can be slow to
	// schedule the goroutine, and it only runs out for a breaker that blocks the call (a lock held).
	select {
	case <-h.started:
	case <-h.done:
	case <-time.After(1500 * time.Millisecond):
	}
}

func (d *driver) release(req request) reply {
	d.mu.Lock()
	h, ok := d.held[req.Call]
	delete(d.held, req.Call)
	d.mu.Unlock()
	if !ok {
		return reply{"error": "unknown-call", "call": req.Call}
	}
	outcome := req.Outcome
	if outcome == "" {
		outcome = "success"
	}
	h.outcome <- outcome
	select {
	case <-h.done:
		return reply{"ok": true, "returned": true}
	case <-time.After(time.Second):
		return reply{"ok": true, "returned": false}
	}
}

func (d *driver) hammer(req request) reply {
	cb := d.cb
	workers, callsEach := req.Workers, req.CallsEach
	if workers <= 0 {
		workers = 8
	}
	if callsEach <= 0 {
		callsEach = 100
	}
	failureRate := 0.5
	if req.FailureRate != nil {
		failureRate = *req.FailureRate
	}
	var calls, ok, failed, rejected, ran, other int64
	hammerErr := errors.New("hammer failure")
	wire.Parallel(workers, func(w int) {
		r := rand.New(rand.NewSource(req.Seed + int64(w)))
		for i := 0; i < callsEach; i++ {
			fail := r.Float64() < failureRate
			atomic.AddInt64(&calls, 1)
			_, err := cb.Execute(func() (interface{}, error) {
				atomic.AddInt64(&ran, 1)
				runtime.Gosched()
				if fail {
					return nil, hammerErr
				}
				return "ok", nil
			})
			switch {
			case err == nil:
				atomic.AddInt64(&ok, 1)
			case err == hammerErr:
				atomic.AddInt64(&failed, 1)
			case errors.Is(err, ErrOpenState), errors.Is(err, ErrTooManyRequests):
				atomic.AddInt64(&rejected, 1)
			default:
				atomic.AddInt64(&other, 1)
			}
			cb.State()
			cb.Counts()
		}
	})
	return reply{"calls": calls, "ok": ok, "failed": failed, "rejected": rejected, "ran": ran, "other": other,
		"state": cb.State().String(), "counts": countsReply(cb.Counts())}
}

func countsReply(c Counts) map[string]uint32 {
	return map[string]uint32{"requests": c.Requests, "totalSuccesses": c.TotalSuccesses, "totalFailures": c.TotalFailures,
		"consecutiveSuccesses": c.ConsecutiveSuccesses, "consecutiveFailures": c.ConsecutiveFailures}
}

// needBreaker makes an operation of f that refuses to run before "new".
func (d *driver) needBreaker(f func(req request) reply) wire.Operation {
	return wire.With(func(req request) reply {
		if d.cb == nil {
			return reply{"error": "exception", "message": `no breaker: send {"op":"new"} first`}
		}
		return f(req)
	})
}

func main() {
	d := &driver{
		clock:   wire.NewClock(),
		running: map[string]bool{},
		held:    map[string]*heldCall{},
	}
	wire.Serve(map[string]wire.Operation{
		"new": wire.With(func(req request) reply {
			d.newBreaker(req.Settings)
			return reply{"ok": true}
		}),
		"advance": wire.With(func(req request) reply {
			return reply{"ok": true, "now": d.clock.Advance(wire.Millis(req.Ms)).Milliseconds()}
		}),
		"state":  d.needBreaker(func(req request) reply { return reply{"state": d.cb.State().String()} }),
		"counts": d.needBreaker(func(req request) reply { return reply{"counts": countsReply(d.cb.Counts())} }),
		"transitions": wire.With(func(req request) reply {
			d.mu.Lock()
			list := d.transitions
			d.transitions = nil
			d.mu.Unlock()
			if list == nil {
				list = [][2]string{}
			}
			return reply{"transitions": list}
		}),
		"running": wire.With(func(req request) reply {
			d.mu.Lock()
			names := make([]string, 0, len(d.running))
			for name := range d.running {
				names = append(names, name)
			}
			d.mu.Unlock()
			sort.Strings(names)
			return reply{"running": names}
		}),
		"execute": func(r *wire.Request) reply {
			var req request
			r.Decode(&req)
			if d.cb == nil {
				return reply{"error": "exception", "message": `no breaker: send {"op":"new"} first`}
			}
			outcome := req.Outcome
			if outcome == "" {
				outcome = "success"
			}
			if req.Hold {
				d.startHeld(req, r.Answer)
				return nil // answered when Execute returns
			}
			return d.execute(d.cb, req.Call, func() string { return outcome }, nil)
		},
		"release": wire.With(d.release),
		"hammer":  d.needBreaker(d.hammer),
	})
}
