package main

// Provided driver: do not edit. The grader talks to your pool through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". Jobs are named by the checks (j1, j2 …) and
// are held: a job, once your pool calls it, records that it started and blocks until "finish" says
// how it ends. Replies:
//   new {workers, queueSize}   -> {ok:true} | {error:"invalid-options", message}   (NewPool panicked)
//       Jobs of an earlier pool end at once with their value.
//   submit {job, instant?}     -> {accepted:true} | {rejected:"queue-full"|"shutdown"} | {error:"blocked"}
//       instant:"value"|"error"|"panic": the job ends as soon as it starts.
//       error "blocked": Submit had not returned 1 s later.
//   finish {job, outcome:"value"|"error"|"panic", waitMs?}
//       -> {ok:true} | {error:"not-running", job, state}   (waits up to waitMs, default 1000, for the job to start)
//       "value" returns (job name, nil); "error" returns (nil, a *jobError); "panic" panics with a
//       *jobPanic (a distinct value per job).
//   result {job, waitMs?}      -> {settled:false} | {settled:true, value} | {settled:true, error:"job-error"|"panic", same}
//       | {settled:true, error:"cancelled"} | {settled:true, error:"other", message}
//       calls Wait (a new call each time) and waits up to waitMs (default 0) for it to return; same: the
//       very error the job returned / a *PanicError holding the very value it panicked with.
//   cancel {job}               -> {cancelled: bool}
//   shutdown                   -> {ok:true}   calls Shutdown on a new goroutine and replies once it has
//       returned or every other goroutine is blocked (not on a lock), at most 250 ms later; "snapshot"
//       tells when it returned
//   snapshot {until?, waitMs?, stableMs?}
//       -> {started, active, maxActive, running, queued, shutdown}
//       started: jobs that have started (sorted), active: started and not over (sorted), maxActive: the
//       most jobs ever active at once, running/queued: your Running()/Queued(), shutdown: "none" |
//       "waiting" | "done". With until, waits up to waitMs (default 1000) until the fields it names
//       match, then, with stableMs, watches until every other goroutine is blocked (nothing can change
//       without a request) or stableMs have passed, and replies with what it sees then.
//   hammer {workers, queueSize, submitters, jobsEach, seed, cancelRate}
//       a fresh pool and many goroutines submitting, cancelling, reading Running/Queued and waiting,
//       with Shutdown called from two goroutines half-way; replies the tallies (see hammer below).
//   refill {rounds}            -> {rejected, firstRejected, other}
//       a fresh pool (1 worker, queueSize 0) that one goroutine keeps full: submit a job that ends as
//       soon as it starts, wait for its result, submit the next at once, rounds times (see refill below).
// The wire (package lab/wire) answers an unknown op, a malformed line, and a panic in your code.
// stdout carries replies only: log to os.Stderr.

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"lab/wire"
)

type request struct {
	Workers    int         `json:"workers"`
	QueueSize  int         `json:"queueSize"`
	Job        string      `json:"job"`
	Instant    string      `json:"instant"`
	Outcome    string      `json:"outcome"`
	WaitMs     *float64    `json:"waitMs"`
	StableMs   float64     `json:"stableMs"`
	Until      interface{} `json:"until"`
	Submitters int         `json:"submitters"`
	JobsEach   int         `json:"jobsEach"`
	Seed       int64       `json:"seed"`
	CancelRate *float64    `json:"cancelRate"`
	Rounds     int         `json:"rounds"`
}

type reply = wire.Reply

type jobError struct{ name string }

func (e *jobError) Error() string { return e.name + " failed" }

type jobPanic struct{ name string }

type job struct {
	name    string
	gen     int
	outcome chan string // buffered: finish never blocks
	err     error
	panicV  interface{}
	ticket  *Ticket
	started int
	over    bool
	held    bool // started, blocked waiting for its outcome
}

type driver struct {
	mu            sync.Mutex // guards everything below
	pool          *Pool
	gen           int
	jobs          map[string]*job
	started       []string
	active        map[string]bool
	maxActive     int
	shutdownCalls int
	shutdownDone  int
}

func waitDuration(ms *float64, def float64) time.Duration {
	v := def
	if ms != nil {
		v = *ms
	}
	return time.Duration(v * float64(time.Millisecond))
}

func (d *driver) newPool(req request) (r reply) {
	d.mu.Lock()
	for _, j := range d.jobs {
		if j.held {
			j.outcome <- "value"
		}
	}
	d.gen++
	d.jobs = map[string]*job{}
	d.started = nil
	d.active = map[string]bool{}
	d.maxActive = 0
	d.shutdownCalls, d.shutdownDone = 0, 0
	d.pool = nil
	d.mu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			r = reply{"error": "invalid-options", "message": fmt.Sprint(p)}
		}
	}()
	p := NewPool(req.Workers, req.QueueSize)
	d.mu.Lock()
	d.pool = p
	d.mu.Unlock()
	return reply{"ok": true}
}

// jobFunc is the function submitted for j: it records its start, then ends as told.
func (d *driver) jobFunc(j *job, instant string) func() (interface{}, error) {
	return func() (interface{}, error) {
		d.mu.Lock()
		if j.gen != d.gen {
			d.mu.Unlock()
			return j.name, nil
		}
		j.started++
		d.started = append(d.started, j.name)
		outcome := instant
		if outcome == "" {
			j.held = true
			d.active[j.name] = true
			if len(d.active) > d.maxActive {
				d.maxActive = len(d.active)
			}
		} else {
			j.over = true
		}
		d.mu.Unlock()
		if outcome == "" {
			outcome = <-j.outcome
			d.mu.Lock()
			j.held = false
			j.over = true
			if j.gen == d.gen {
				delete(d.active, j.name)
			}
			d.mu.Unlock()
		}
		switch outcome {
		case "error":
			return nil, j.err
		case "panic":
			panic(j.panicV)
		}
		return j.name, nil
	}
}

func (d *driver) currentPool() (*Pool, int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pool, d.gen
}

func (d *driver) submit(req request) reply {
	p, gen := d.currentPool()
	j := &job{name: req.Job, gen: gen, outcome: make(chan string, 1), err: &jobError{req.Job}, panicV: &jobPanic{req.Job}}
	d.mu.Lock()
	d.jobs[j.name] = j
	d.mu.Unlock()
	type submitted struct {
		t   *Ticket
		err error
		p   interface{}
	}
	done := make(chan submitted, 1)
	fn := d.jobFunc(j, req.Instant)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- submitted{p: p}
			}
		}()
		t, err := p.Submit(fn)
		done <- submitted{t: t, err: err}
	}()
	select {
	case s := <-done:
		switch {
		case s.p != nil:
			return reply{"error": "exception", "message": fmt.Sprintf("panic: %v", s.p)}
		case s.err == nil && s.t != nil:
			d.mu.Lock()
			j.ticket = s.t
			d.mu.Unlock()
			return reply{"accepted": true}
		case errors.Is(s.err, ErrQueueFull):
			return reply{"rejected": "queue-full"}
		case errors.Is(s.err, ErrShutdown):
			return reply{"rejected": "shutdown"}
		case s.err == nil:
			return reply{"error": "exception", "message": "Submit returned neither a ticket nor an error"}
		}
		return reply{"error": "exception", "message": s.err.Error()}
	case <-time.After(time.Second):
		return reply{"error": "blocked"}
	}
}

func (d *driver) finish(req request) reply {
	deadline := time.Now().Add(waitDuration(req.WaitMs, 1000))
	for {
		d.mu.Lock()
		j, ok := d.jobs[req.Job]
		if !ok {
			d.mu.Unlock()
			return reply{"error": "not-running", "job": req.Job, "state": "unknown"}
		}
		if j.held {
			outcome := req.Outcome
			if outcome == "" {
				outcome = "value"
			}
			j.held = false
			j.outcome <- outcome
			d.mu.Unlock()
			return reply{"ok": true}
		}
		state := "waiting"
		if j.over {
			state = "over"
		} else if j.ticket == nil {
			state = "rejected"
		}
		d.mu.Unlock()
		if time.Now().After(deadline) {
			return reply{"error": "not-running", "job": req.Job, "state": state}
		}
		time.Sleep(time.Millisecond)
	}
}

func (d *driver) result(req request) reply {
	d.mu.Lock()
	j, ok := d.jobs[req.Job]
	var t *Ticket
	if ok {
		t = j.ticket
	}
	d.mu.Unlock()
	if t == nil {
		return reply{"error": "unknown-job", "job": req.Job}
	}
	type waited struct {
		v   interface{}
		err error
		p   interface{}
	}
	done := make(chan waited, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- waited{p: p}
			}
		}()
		v, err := t.Wait()
		done <- waited{v: v, err: err}
	}()
	var w waited
	select {
	case w = <-done:
	case <-time.After(waitDuration(req.WaitMs, 0)):
		// One more look: a result that is already there counts even with waitMs 0.
		select {
		case w = <-done:
		case <-time.After(5 * time.Millisecond):
			return reply{"settled": false}
		}
	}
	if w.p != nil {
		return reply{"error": "exception", "message": fmt.Sprintf("panic in Wait: %v", w.p)}
	}
	if w.err == nil {
		v := w.v
		if v != nil {
			if _, isString := v.(string); !isString {
				v = fmt.Sprint(v)
			}
		}
		return reply{"settled": true, "value": v}
	}
	if w.err == j.err {
		return reply{"settled": true, "error": "job-error", "same": true}
	}
	var pe *PanicError
	if errors.As(w.err, &pe) {
		r := reply{"settled": true, "error": "panic", "same": pe.Value == j.panicV}
		if pe.Value != j.panicV {
			r["message"] = fmt.Sprint(pe.Value)
		}
		return r
	}
	if errors.Is(w.err, ErrCancelled) {
		return reply{"settled": true, "error": "cancelled"}
	}
	var je *jobError
	if errors.As(w.err, &je) {
		return reply{"settled": true, "error": "job-error", "same": false, "message": w.err.Error()}
	}
	return reply{"settled": true, "error": "other", "message": w.err.Error()}
}

func (d *driver) cancel(req request) reply {
	d.mu.Lock()
	j, ok := d.jobs[req.Job]
	var t *Ticket
	if ok {
		t = j.ticket
	}
	d.mu.Unlock()
	if t == nil {
		return reply{"error": "unknown-job", "job": req.Job}
	}
	return reply{"cancelled": t.Cancel()}
}

func (d *driver) shutdown() reply {
	p, gen := d.currentPool()
	d.mu.Lock()
	d.shutdownCalls++
	d.mu.Unlock()
	returned := make(chan struct{})
	go func() {
		defer func() {
			if r := recover(); r != nil {
				fmt.Fprintf(os.Stderr, "driver: Shutdown panicked: %v\n", r)
				panic(r)
			}
		}()
		p.Shutdown()
		close(returned)
		d.mu.Lock()
		if d.gen == gen {
			d.shutdownDone++
		}
		d.mu.Unlock()
	}()
	// The next request must find the pool closing: wait until Shutdown has returned, or until it and every
	// goroutine it woke are blocked (it has marked the pool and now waits for the jobs). The bound is only
	// for a pool that never settles (a busy loop); a loaded machine under the race detector is slow.
	deadline := time.Now().Add(250 * time.Millisecond)
	for time.Now().Before(deadline) {
		select {
		case <-returned:
			return reply{"ok": true}
		default:
		}
		if othersBlocked() {
			return reply{"ok": true}
		}
		time.Sleep(50 * time.Microsecond)
	}
	return reply{"ok": true}
}

// othersBlocked says whether every goroutine but the caller is blocked until something else acts: on a
// channel, a WaitGroup, a condition or a system call. One waiting for a lock is not (whoever holds it is
// about to run), nor one that is running, ready to run, or sleeping (it wakes on its own).
func othersBlocked() bool {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	first := true
	for _, g := range strings.Split(string(buf), "\n\n") {
		if first { // runtime.Stack lists the caller first
			first = false
			continue
		}
		header, _, _ := strings.Cut(g, "\n")
		state := header[strings.Index(header, "[")+1:]
		if strings.HasPrefix(state, "running") || strings.HasPrefix(state, "runnable") || strings.HasPrefix(state, "sleep") {
			return false
		}
		if strings.Contains(g, "sync.(*Mutex).Lock") || strings.Contains(g, "sync.(*RWMutex).Lock") || strings.Contains(g, "sync.(*RWMutex).RLock") {
			return false
		}
	}
	return true
}

// snapshot is the driver's view, normalised through JSON so it compares with a request's "until".
func (d *driver) snapshot() interface{} {
	p, _ := d.currentPool()
	running, queued := p.Running(), p.Queued()
	d.mu.Lock()
	started := append([]string{}, d.started...)
	sort.Strings(started)
	active := make([]string, 0, len(d.active))
	for name := range d.active {
		active = append(active, name)
	}
	sort.Strings(active)
	state := "none"
	if d.shutdownCalls > 0 {
		state = "waiting"
		if d.shutdownDone == d.shutdownCalls {
			state = "done"
		}
	}
	snap := reply{"started": started, "active": active, "maxActive": d.maxActive, "running": running, "queued": queued, "shutdown": state}
	d.mu.Unlock()
	raw, _ := json.Marshal(snap)
	var out interface{}
	json.Unmarshal(raw, &out)
	return out
}

func matches(received, expected interface{}) bool {
	switch e := expected.(type) {
	case map[string]interface{}:
		r, ok := received.(map[string]interface{})
		if !ok {
			return false
		}
		for k, v := range e {
			if !matches(r[k], v) {
				return false
			}
		}
		return true
	case []interface{}:
		r, ok := received.([]interface{})
		if !ok || len(r) != len(e) {
			return false
		}
		for i := range e {
			if !matches(r[i], e[i]) {
				return false
			}
		}
		return true
	}
	return received == expected
}

func (d *driver) watch(req request) reply {
	snap := d.snapshot()
	if req.Until != nil {
		deadline := time.Now().Add(waitDuration(req.WaitMs, 1000))
		for !matches(snap, req.Until) && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
			snap = d.snapshot()
		}
		if req.StableMs > 0 && matches(snap, req.Until) {
			// Watch until nothing more can happen on its own (every other goroutine blocked), at most stableMs.
			end := time.Now().Add(time.Duration(req.StableMs * float64(time.Millisecond)))
			for time.Now().Before(end) && matches(snap, req.Until) {
				settled := othersBlocked()
				time.Sleep(time.Millisecond)
				snap = d.snapshot()
				if settled {
					break
				}
			}
		}
	}
	return reply(snap.(map[string]interface{}))
}

// hammer runs a fresh pool under many goroutines. Tallies: attempts, accepted, rejectedFull,
// rejectedShutdown, otherErrors, cancelled (Cancel true), ranCancelled, notRun, ranTwice,
// wrongResults, badCounts (Running() > workers or Queued() > queueSize), maxActive,
// overAtShutdown / expectedAtShutdown (jobs over when the first Shutdown returned / accepted and
// not cancelled), shutdownReturned, runningAfter, queuedAfter.
func (d *driver) hammer(req request) reply {
	workers, queueSize, submitters, jobsEach := req.Workers, req.QueueSize, req.Submitters, req.JobsEach
	if submitters <= 0 {
		submitters = 8
	}
	if jobsEach <= 0 {
		jobsEach = 200
	}
	cancelRate := 0.1
	if req.CancelRate != nil {
		cancelRate = *req.CancelRate
	}
	p := NewPool(workers, queueSize)
	type hjob struct {
		ran       int32
		kind      int
		err       error
		panicV    interface{}
		ticket    *Ticket
		cancelled bool
	}
	var attempts, accepted, full, shut, otherErrs, cancelled, badCounts, wrong int64
	var active, maxActive, over int64
	overAtShutdown := int64(-1)
	var shutdownOnce sync.Once
	shutdownReturned := make(chan struct{}, 2)
	startShutdown := func() {
		for k := 0; k < 2; k++ {
			go func() {
				p.Shutdown()
				shutdownOnce.Do(func() { atomic.StoreInt64(&overAtShutdown, atomic.LoadInt64(&over)) })
				shutdownReturned <- struct{}{}
			}()
		}
	}
	lists := make([][]*hjob, submitters)
	var wg sync.WaitGroup
	for s := 0; s < submitters; s++ {
		wg.Add(1)
		go func(s int, rng *rand.Rand) {
			defer wg.Done()
			var mine []*hjob
			for i := 0; i < jobsEach; i++ {
				if s == 0 && i == jobsEach/2 {
					startShutdown()
				}
				h := &hjob{kind: rng.Intn(10), err: errors.New("hammer failure")}
				h.panicV = &jobPanic{"hammer"}
				turns := rng.Intn(4)
				fn := func() (interface{}, error) {
					atomic.AddInt32(&h.ran, 1)
					n := atomic.AddInt64(&active, 1)
					for {
						m := atomic.LoadInt64(&maxActive)
						if n <= m || atomic.CompareAndSwapInt64(&maxActive, m, n) {
							break
						}
					}
					for k := 0; k < turns; k++ {
						runtime.Gosched()
					}
					atomic.AddInt64(&active, -1)
					atomic.AddInt64(&over, 1)
					switch {
					case h.kind == 9:
						panic(h.panicV)
					case h.kind >= 7:
						return nil, h.err
					}
					return h, nil
				}
				atomic.AddInt64(&attempts, 1)
				t, err := p.Submit(fn)
				switch {
				case err == nil && t != nil:
					atomic.AddInt64(&accepted, 1)
					h.ticket = t
					mine = append(mine, h)
				case errors.Is(err, ErrQueueFull):
					atomic.AddInt64(&full, 1)
				case errors.Is(err, ErrShutdown):
					atomic.AddInt64(&shut, 1)
				default:
					atomic.AddInt64(&otherErrs, 1)
				}
				if len(mine) > 0 && rng.Float64() < cancelRate {
					pick := mine[rng.Intn(len(mine))]
					if pick.ticket.Cancel() {
						if pick.cancelled {
							atomic.AddInt64(&wrong, 1)
						}
						pick.cancelled = true
						atomic.AddInt64(&cancelled, 1)
					}
				}
				if r, q := p.Running(), p.Queued(); r > workers || q > queueSize || r < 0 || q < 0 {
					atomic.AddInt64(&badCounts, 1)
				}
				if rng.Intn(3) == 0 {
					runtime.Gosched()
				}
			}
			lists[s] = mine
		}(s, rand.New(rand.NewSource(req.Seed*31+int64(s))))
	}
	wg.Wait()
	returnedBoth := true
	timeout := time.After(5 * time.Second)
	for k := 0; k < 2 && returnedBoth; k++ {
		select {
		case <-shutdownReturned:
		case <-timeout:
			returnedBoth = false
		}
	}
	var ranCancelled, notRun, ranTwice, expected int64
	for _, mine := range lists {
		for _, h := range mine {
			done := make(chan struct{})
			var v interface{}
			var err error
			go func() {
				defer close(done)
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("Wait panicked: %v", r)
					}
				}()
				v, err = h.ticket.Wait()
			}()
			select {
			case <-done:
			case <-time.After(time.Second):
				wrong++
				continue
			}
			ran := atomic.LoadInt32(&h.ran)
			if h.cancelled {
				if ran > 0 {
					ranCancelled++
				}
				if v != nil || !errors.Is(err, ErrCancelled) {
					wrong++
				}
				continue
			}
			expected++
			if ran == 0 {
				notRun++
				continue
			}
			if ran > 1 {
				ranTwice++
			}
			var pe *PanicError
			switch {
			case h.kind == 9:
				if v != nil || !errors.As(err, &pe) || pe.Value != h.panicV {
					wrong++
				}
			case h.kind >= 7:
				if v != nil || err != h.err {
					wrong++
				}
			default:
				if v != h || err != nil {
					wrong++
				}
			}
		}
	}
	return reply{
		"attempts": attempts, "accepted": accepted, "rejectedFull": full, "rejectedShutdown": shut, "otherErrors": otherErrs,
		"cancelled": cancelled, "ranCancelled": ranCancelled, "notRun": notRun, "ranTwice": ranTwice, "wrongResults": wrong,
		"badCounts": badCounts, "maxActive": atomic.LoadInt64(&maxActive), "overAtShutdown": atomic.LoadInt64(&overAtShutdown),
		"expectedAtShutdown": expected, "shutdownReturned": returnedBoth, "runningAfter": p.Running(), "queuedAfter": p.Queued(),
	}
}

// refill checks that a place is free the moment a result is available: each of several goroutines
// submits a job, waits for its result and submits again at once, so no round trip to the grader
// leaves time for a late release. Each goroutine has at most one job in the pool, so while every
// worker is one goroutine's, a submit right after a Wait always has room. Other goroutines keep the
// pool's lock busy, so a worker that frees its place after publishing the result must often queue for
// the lock while the woken submitter runs; more Ps than cores keep them all running even on a machine
// whose cores are busy with other work.
func (d *driver) refill(req request) reply {
	const loops, lockers = 4, 3
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(loops + lockers + 1))
	p := NewPool(loops, 0)
	defer p.Shutdown()
	var rejected, other int64
	firstRejected := int64(-1)
	var mu sync.Mutex
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i := 0; i < lockers; i++ {
		go func() { // keep the pool's lock busy, so a worker that frees after publishing must queue for it
			for {
				select {
				case <-stop:
					return
				default:
					p.Running()
					p.Queued()
				}
			}
		}()
	}
	defer close(stop)
	for l := 0; l < loops; l++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < req.Rounds; round++ {
				t, err := p.Submit(func() (interface{}, error) { return round, nil })
				if err != nil {
					mu.Lock()
					if errors.Is(err, ErrQueueFull) {
						rejected++
						if firstRejected < 0 {
							firstRejected = int64(round)
						}
					} else {
						other++
					}
					mu.Unlock()
					continue
				}
				if v, err := t.Wait(); err != nil || v != round {
					atomic.AddInt64(&other, 1)
				}
			}
		}()
	}
	wg.Wait()
	return reply{"rejected": rejected, "firstRejected": firstRejected, "other": atomic.LoadInt64(&other)}
}

// needPool makes an operation of f that refuses to run before "new".
func (d *driver) needPool(f func(req request) reply) wire.Operation {
	return wire.With(func(req request) reply {
		if p, _ := d.currentPool(); p == nil {
			return reply{"error": "exception", "message": `no pool: send {"op":"new"} first`}
		}
		return f(req)
	})
}

func main() {
	d := &driver{jobs: map[string]*job{}, active: map[string]bool{}}
	wire.Serve(map[string]wire.Operation{
		"new":      wire.With(d.newPool),
		"submit":   d.needPool(d.submit),
		"finish":   d.needPool(d.finish),
		"result":   d.needPool(d.result),
		"cancel":   d.needPool(d.cancel),
		"shutdown": d.needPool(func(req request) reply { return d.shutdown() }),
		"snapshot": d.needPool(d.watch),
		"hammer":   wire.With(d.hammer),
		"refill":   wire.With(d.refill),
	})
}
