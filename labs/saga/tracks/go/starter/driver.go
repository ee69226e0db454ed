package main

// Provided driver: do not edit. The grader talks to your orchestrator through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". The driver owns the saga log (the durable
// store) and scripted steps. A script step is {name, action:"ok"|"fail", compensationFailures?:n}:
// the action returns nil or an error; the compensation returns an error on its first n calls for
// that saga and step (counted across crashes), then nil. Every stub call goes to a journal with
// logged: whether the saga's last log entry at that moment was the matching "-started" entry.
//   new {maxCompensationAttempts}  -> {ok:true}   a fresh log, journal and orchestrator
//   run {saga, steps:[script step...], crash?:{at:"append"|"action"|"compensation", n}}
//       Calls Run(saga, steps). With crash, the old orchestrator "dies" at the n-th Append of this
//       request (right after it is stored), or during the n-th action / compensation call (after
//       its effect is journaled): from then on its Appends and stub calls panic with a crash value
//       and change nothing, and a new orchestrator is built over the same log (the restart).
//       -> {outcome} | {crashed:true} | {error:"already-running"} | {error:"exception", message}
//   log {saga}      -> {entries:[{saga, type, step, attempt}, ...]}
//   journal {saga}  -> {calls:[{kind:"action"|"compensation", step, ok, logged}, ...]}
//   hammer {maxCompensationAttempts, sagas:[{saga, steps}]}
//       A separate fresh log and orchestrator; runs every saga on its own goroutine at once (stubs
//       yield the processor a few times). -> {outcomes:{saga: outcome|error}, logs:{saga: entries},
//       journals:{saga: calls}}
//   duplicate {saga, steps}
//       On the current orchestrator: starts Run(saga) with its first action held, calls Run(saga)
//       again while it is held, then lets the first go on.
//       -> {first: outcome|error, second: outcome|error, secondSettledWhileHeld}
//   errors are "already-running" or "exception: <message>" inside hammer and duplicate.
// Unknown op -> {error:"unknown-op", op}; a panic or other error of your code -> {error:"exception", message}.
// stdout carries replies only: log to os.Stderr.

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

type scriptStep struct {
	Name                 string `json:"name"`
	Action               string `json:"action"`
	CompensationFailures int    `json:"compensationFailures"`
}

type crashSpec struct {
	At string `json:"at"`
	N  int    `json:"n"`
}

type call struct {
	Kind   string `json:"kind"`
	Step   int    `json:"step"`
	OK     bool   `json:"ok"`
	Logged bool   `json:"logged"`
}

type entryJSON struct {
	Saga    string `json:"saga"`
	Type    string `json:"type"`
	Step    int    `json:"step"`
	Attempt int    `json:"attempt"`
}

type request struct {
	ID    int          `json:"id"`
	Op    string       `json:"op"`
	Max   int          `json:"maxCompensationAttempts"`
	Saga  string       `json:"saga"`
	Steps []scriptStep `json:"steps"`
	Crash *crashSpec   `json:"crash"`
	Sagas []struct {
		Saga  string       `json:"saga"`
		Steps []scriptStep `json:"steps"`
	} `json:"sagas"`
}

// crashSignal is the panic value of a simulated crash.
type crashSignal struct{}

// world is the durable store: the log and the journal survive every simulated crash.
type world struct {
	mu      sync.Mutex
	log     []LogEntry
	journal map[string][]call
	max     int
}

func newWorld(max int) *world { return &world{journal: map[string][]call{}, max: max} }

func (w *world) entries(saga string) []LogEntry {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := []LogEntry{}
	for _, e := range w.log {
		if e.Saga == saga {
			out = append(out, e)
		}
	}
	return out
}

func (w *world) entriesJSON(saga string) []entryJSON {
	out := []entryJSON{}
	for _, e := range w.entries(saga) {
		out = append(out, entryJSON{e.Saga, e.Type, e.Step, e.Attempt})
	}
	return out
}

func (w *world) calls(saga string) []call {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]call{}, w.journal[saga]...)
}

// life is one orchestrator "process": after its crash everything it does panics and changes nothing.
type life struct {
	w       *world
	spread  bool
	mu      sync.Mutex
	dead    bool
	counts  map[string]int
	crash   *crashSpec
	crashed chan struct{}
	orch    *Orchestrator
}

func newLife(w *world, spread bool) *life {
	l := &life{w: w, spread: spread, counts: map[string]int{}, crashed: make(chan struct{})}
	l.orch = NewOrchestrator(lifeLog{l}, w.max)
	return l
}

func (l *life) check() {
	l.mu.Lock()
	dead := l.dead
	l.mu.Unlock()
	if dead {
		panic(crashSignal{})
	}
}

// tick counts an event and kills this life when it is the crash point.
func (l *life) tick(kind string) {
	l.mu.Lock()
	l.counts[kind]++
	hit := !l.dead && l.crash != nil && l.crash.At == kind && l.counts[kind] == l.crash.N
	if hit {
		l.dead = true
		close(l.crashed)
	}
	l.mu.Unlock()
	if hit {
		panic(crashSignal{})
	}
}

type lifeLog struct{ l *life }

func (g lifeLog) Append(e LogEntry) {
	g.l.check()
	g.l.w.mu.Lock()
	g.l.w.log = append(g.l.w.log, e)
	g.l.w.mu.Unlock()
	g.l.tick("append")
}

func (g lifeLog) Entries(saga string) []LogEntry {
	g.l.check()
	return g.l.w.entries(saga)
}

func (l *life) record(saga, kind string, step int, okFor func(before int) bool, startedType string) bool {
	w := l.w
	w.mu.Lock()
	defer w.mu.Unlock()
	before := 0
	for _, c := range w.journal[saga] {
		if c.Kind == kind && c.Step == step {
			before++
		}
	}
	ok := okFor(before)
	logged := false
	for i := len(w.log) - 1; i >= 0; i-- {
		if w.log[i].Saga == saga {
			logged = w.log[i].Type == startedType && w.log[i].Step == step
			break
		}
	}
	w.journal[saga] = append(w.journal[saga], call{Kind: kind, Step: step, OK: ok, Logged: logged})
	return ok
}

func (l *life) steps(saga string, script []scriptStep, hold chan struct{}, entered chan struct{}) []Step {
	out := make([]Step, len(script))
	for i, s := range script {
		i, s := i, s
		out[i] = Step{
			Name: s.Name,
			Action: func() error {
				l.check()
				if hold != nil && i == 0 {
					close(entered)
					<-hold
					l.check()
				}
				ok := l.record(saga, "action", i, func(int) bool { return s.Action == "ok" }, "step-started")
				l.tick("action")
				l.yield(len(saga) + i*3)
				if !ok {
					return fmt.Errorf("%s failed", s.Name)
				}
				return nil
			},
			Compensate: func() error {
				l.check()
				ok := l.record(saga, "compensation", i, func(before int) bool { return before >= s.CompensationFailures }, "compensation-started")
				l.tick("compensation")
				l.yield(len(saga) + i)
				if !ok {
					return fmt.Errorf("compensation of %s failed", s.Name)
				}
				return nil
			},
		}
	}
	return out
}

func (l *life) yield(n int) {
	if !l.spread {
		return
	}
	for k := 0; k < n%5; k++ {
		runtime.Gosched()
	}
	l.check()
}

var (
	current *world
	active  *life
)

func describe(outcome Outcome, err error) string {
	if errors.Is(err, ErrAlreadyRunning) {
		return "already-running"
	}
	if err != nil {
		return "exception: " + err.Error()
	}
	return string(outcome)
}

// runGuarded runs Run, turning a crash panic into crashed=true and any other panic into an error.
func runGuarded(l *life, saga string, steps []Step) (outcome Outcome, err error, crashed bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(crashSignal); ok {
				crashed = true
				return
			}
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	outcome, err = l.orch.Run(saga, steps)
	return
}

func handle(req request) map[string]interface{} {
	switch req.Op {
	case "new":
		current = newWorld(req.Max)
		active = newLife(current, false)
		return map[string]interface{}{"ok": true}
	case "run":
		l := active
		l.mu.Lock()
		l.counts = map[string]int{}
		l.crash = req.Crash
		l.mu.Unlock()
		type result struct {
			outcome Outcome
			err     error
			crashed bool
		}
		done := make(chan result, 1)
		go func() {
			o, err, c := runGuarded(l, req.Saga, l.steps(req.Saga, req.Steps, nil, nil))
			done <- result{o, err, c}
		}()
		var r result
		select {
		case r = <-done:
		case <-l.crashed:
			r = result{crashed: true}
		}
		l.mu.Lock()
		l.crash = nil
		dead := l.dead
		l.mu.Unlock()
		if r.crashed || dead {
			active = newLife(current, false)
			return map[string]interface{}{"crashed": true}
		}
		if errors.Is(r.err, ErrAlreadyRunning) {
			return map[string]interface{}{"error": "already-running"}
		}
		if r.err != nil {
			return map[string]interface{}{"error": "exception", "message": r.err.Error()}
		}
		return map[string]interface{}{"outcome": string(r.outcome)}
	case "log":
		return map[string]interface{}{"entries": current.entriesJSON(req.Saga)}
	case "journal":
		return map[string]interface{}{"calls": current.calls(req.Saga)}
	case "hammer":
		w := newWorld(req.Max)
		l := newLife(w, true)
		results := make([]string, len(req.Sagas))
		var wg sync.WaitGroup
		for i, s := range req.Sagas {
			wg.Add(1)
			go func(i int, saga string, script []scriptStep) {
				defer wg.Done()
				o, err, _ := runGuarded(l, saga, l.steps(saga, script, nil, nil))
				results[i] = describe(o, err)
			}(i, s.Saga, s.Steps)
		}
		wg.Wait()
		outcomes := map[string]string{}
		logs := map[string][]entryJSON{}
		journals := map[string][]call{}
		for i, s := range req.Sagas {
			outcomes[s.Saga] = results[i]
			logs[s.Saga] = w.entriesJSON(s.Saga)
			journals[s.Saga] = w.calls(s.Saga)
		}
		return map[string]interface{}{"outcomes": outcomes, "logs": logs, "journals": journals}
	case "duplicate":
		l := active
		hold, entered := make(chan struct{}), make(chan struct{})
		first := make(chan string, 1)
		go func() {
			o, err, _ := runGuarded(l, req.Saga, l.steps(req.Saga, req.Steps, hold, entered))
			first <- describe(o, err)
		}()
		select {
		case <-entered:
		case <-time.After(time.Second):
		}
		second := make(chan string, 1)
		go func() {
			o, err, _ := runGuarded(l, req.Saga, l.steps(req.Saga, req.Steps, nil, nil))
			second <- describe(o, err)
		}()
		early := false
		var b string
		select {
		case b = <-second:
			early = true
		// A correct orchestrator refuses at once; the bound only runs out for one that waits (or
		// runs the saga twice), and is generous so a loaded machine cannot fail a correct one.
		case <-time.After(1500 * time.Millisecond):
		}
		close(hold)
		a := <-first
		if !early {
			b = <-second
		}
		return map[string]interface{}{"first": a, "second": b, "secondSettledWhileHeld": early}
	default:
		return map[string]interface{}{"error": "unknown-op", "op": req.Op}
	}
}

func main() {
	current = newWorld(3)
	active = newLife(current, false)
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 16<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		if len(in.Bytes()) == 0 {
			continue
		}
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			fmt.Fprintln(os.Stderr, "driver: bad request:", err)
			continue
		}
		reply := func() (reply map[string]interface{}) {
			defer func() {
				if r := recover(); r != nil {
					reply = map[string]interface{}{"error": "exception", "message": fmt.Sprint(r)}
				}
			}()
			return handle(req)
		}()
		reply["id"] = req.ID
		if err := out.Encode(reply); err != nil {
			fmt.Fprintln(os.Stderr, "driver: cannot write reply:", err)
		}
	}
}
