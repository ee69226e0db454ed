package main

// Provided driver: do not edit. The grader talks to your orchestrator through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". The driver owns the saga log (the durable
// store) and scripted steps. The log and the journal of stub calls are files in the working folder,
// one JSON object per line, written before Append (or the stub) returns, so they outlive the
// process: saga-log.jsonl, saga-journal.jsonl, and saga-settings.json (maxCompensationAttempts).
// On start the driver reads them back and builds your Orchestrator over that log: a restarted
// process sees everything the previous one stored, and nothing else (package-level state is gone).
//
// A script step is {name, action:"ok"|"fail", compensationFailures?:n}: the action returns nil or
// an error; the compensation returns an error on its first n calls for that saga and step (counted
// from the journal, so across restarts), then nil. Every stub call goes to the journal with logged:
// whether the saga's last log entry at that moment was the matching "-started" entry.
//   new {maxCompensationAttempts}  -> {ok:true}   empties the log and journal, a new orchestrator
//   run {saga, steps:[script step...], crash?:{at:"append"|"action"|"compensation", n}}
//       Calls Run(saga, steps). With crash, the process exits with code 75 (no reply) at the n-th
//       Append of this request (right after the entry is stored), or during the n-th action /
//       compensation call (right after its effect is journaled). The grader then starts the
//       program again and calls run with the same steps to resume the saga.
//       -> {outcome} | {error:"already-running"} | {error:"exception", message}
//   log {saga}      -> {entries:[{saga, type, step, attempt}, ...]}   (as stored)
//   journal {saga}  -> {calls:[{kind:"action"|"compensation", step, ok, logged}, ...]}
//   hammer {maxCompensationAttempts, sagas:[{saga, steps}]}
//       A separate log and journal in memory and a fresh orchestrator; runs every saga on its own
//       goroutine at once (stubs yield the processor a few times).
//       -> {outcomes:{saga: outcome|error}, logs:{saga: entries}, journals:{saga: calls}}
//   duplicate {saga, steps}
//       On the current orchestrator: starts Run(saga) with its first action held, calls Run(saga)
//       again while it is held and, once that call has returned, a third time, then lets the first go on.
//       -> {first: outcome|error, second: outcome|error, secondSettledWhileHeld,
//           third: outcome|error ("not-called" when the second had not returned), thirdSettledWhileHeld}
//   errors are "already-running" or "exception: <message>" inside hammer and duplicate.
//   info            -> {language:"go"}   (the grader sizes its random crashes by the cost of a restart)
// The wire (package lab/wire) answers an unknown op and a malformed line; a panic or other error of
// your code -> {error:"exception", message}.
// stdout carries replies only: log to os.Stderr.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	"lab/wire"
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
	Max   int          `json:"maxCompensationAttempts"`
	Saga  string       `json:"saga"`
	Steps []scriptStep `json:"steps"`
	Crash *crashSpec   `json:"crash"`
	Sagas []struct {
		Saga  string       `json:"saga"`
		Steps []scriptStep `json:"steps"`
	} `json:"sagas"`
}

const (
	logFile      = "saga-log.jsonl"
	journalFile  = "saga-journal.jsonl"
	settingsFile = "saga-settings.json"
	// crashExitCode is the exit code of an injected crash: the grader expects exactly this one.
	crashExitCode = 75
)

type journalLine struct {
	Saga string `json:"saga"`
	call
}

// store is a log and a journal; hammer keeps them in memory, the rest of the driver in files: with
// durable set, every entry and call is written to its file (one unbuffered write) before the append
// returns, so a process that exits right after keeps it. The checks crash the process, not the
// machine, so the kernel's copy is enough (no fsync).
type store struct {
	mu      sync.Mutex
	log     []LogEntry
	journal map[string][]call
	max     int
	durable bool
	logF    *os.File
	jourF   *os.File
}

func newMemoryStore(max int) *store { return &store{journal: map[string][]call{}, max: max} }

// readLines calls fn for each JSON line of a file; a last line cut short by a crash is not an entry.
func readLines(name string, fn func(line []byte) error) error {
	data, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if fn(line) != nil {
			break
		}
	}
	return nil
}

// openFileStore reads back what earlier processes stored in the working folder.
func openFileStore() (*store, error) {
	settings := struct {
		Max int `json:"max"`
	}{Max: 3}
	if data, err := os.ReadFile(settingsFile); err == nil {
		if err := json.Unmarshal(data, &settings); err != nil {
			return nil, err
		}
	}
	s := newMemoryStore(settings.Max)
	err := readLines(logFile, func(line []byte) error {
		var e entryJSON
		if err := json.Unmarshal(line, &e); err != nil {
			return err
		}
		s.log = append(s.log, LogEntry{Saga: e.Saga, Type: e.Type, Step: e.Step, Attempt: e.Attempt})
		return nil
	})
	if err == nil {
		err = readLines(journalFile, func(line []byte) error {
			var j journalLine
			if err := json.Unmarshal(line, &j); err != nil {
				return err
			}
			s.journal[j.Saga] = append(s.journal[j.Saga], j.call)
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	return s, s.openFiles(os.O_CREATE | os.O_WRONLY | os.O_APPEND)
}

// resetFileStore empties the files for a new orchestrator.
func resetFileStore(max int) (*store, error) {
	data, _ := json.Marshal(map[string]int{"max": max})
	if err := os.WriteFile(settingsFile, data, 0o644); err != nil {
		return nil, err
	}
	s := newMemoryStore(max)
	return s, s.openFiles(os.O_CREATE | os.O_WRONLY | os.O_APPEND | os.O_TRUNC)
}

func (s *store) openFiles(flags int) error {
	var err error
	if s.logF, err = os.OpenFile(logFile, flags, 0o644); err != nil {
		return err
	}
	if s.jourF, err = os.OpenFile(journalFile, flags, 0o644); err != nil {
		return err
	}
	s.durable = true
	return nil
}

func (s *store) close() {
	if s.durable {
		s.logF.Close()
		s.jourF.Close()
	}
}

func writeLine(f *os.File, v interface{}) {
	data, err := json.Marshal(v)
	if err == nil {
		_, err = f.Write(append(data, '\n'))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "driver: cannot store:", err)
		os.Exit(1)
	}
}

func (s *store) appendEntry(e LogEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.durable {
		writeLine(s.logF, entryJSON{e.Saga, e.Type, e.Step, e.Attempt})
	}
	s.log = append(s.log, e)
}

func (s *store) entries(saga string) []LogEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []LogEntry{}
	for _, e := range s.log {
		if e.Saga == saga {
			out = append(out, e)
		}
	}
	return out
}

func (s *store) entriesJSON(saga string) []entryJSON {
	out := []entryJSON{}
	for _, e := range s.entries(saga) {
		out = append(out, entryJSON{e.Saga, e.Type, e.Step, e.Attempt})
	}
	return out
}

func (s *store) calls(saga string) []call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]call{}, s.journal[saga]...)
}

// record journals one stub call (its effect) and returns whether it succeeds.
func (s *store) record(saga, kind string, step int, okFor func(before int) bool, startedType string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	before := 0
	for _, c := range s.journal[saga] {
		if c.Kind == kind && c.Step == step {
			before++
		}
	}
	ok := okFor(before)
	logged := false
	for i := len(s.log) - 1; i >= 0; i-- {
		if s.log[i].Saga == saga {
			logged = s.log[i].Type == startedType && s.log[i].Step == step
			break
		}
	}
	c := call{Kind: kind, Step: step, OK: ok, Logged: logged}
	if s.durable {
		writeLine(s.jourF, journalLine{saga, c})
	}
	s.journal[saga] = append(s.journal[saga], c)
	return ok
}

// harness is the orchestrator over a store, with the stubs and the crash point of the current request.
type harness struct {
	s      *store
	spread bool
	mu     sync.Mutex
	counts map[string]int
	crash  *crashSpec
	orch   *Orchestrator
}

func newHarness(s *store, spread bool) *harness {
	h := &harness{s: s, spread: spread, counts: map[string]int{}}
	h.orch = NewOrchestrator(harnessLog{h}, s.max)
	return h
}

// tick counts an event; at the crash point the process exits at once, as if it had been killed.
func (h *harness) tick(kind string) {
	h.mu.Lock()
	h.counts[kind]++
	n := h.counts[kind]
	hit := h.crash != nil && h.crash.At == kind && h.crash.N == n
	h.mu.Unlock()
	if hit {
		fmt.Fprintf(os.Stderr, "driver: injected crash at the %s number %d of this run; exiting with code %d\n", kind, n, crashExitCode)
		os.Exit(crashExitCode)
	}
}

type harnessLog struct{ h *harness }

func (g harnessLog) Append(e LogEntry) {
	g.h.s.appendEntry(e)
	g.h.tick("append")
}

func (g harnessLog) Entries(saga string) []LogEntry { return g.h.s.entries(saga) }

func (h *harness) steps(saga string, script []scriptStep, hold chan struct{}, entered chan struct{}) []Step {
	out := make([]Step, len(script))
	for i, s := range script {
		i, s := i, s
		out[i] = Step{
			Name: s.Name,
			Action: func() error {
				if hold != nil && i == 0 {
					close(entered)
					<-hold
				}
				ok := h.s.record(saga, "action", i, func(int) bool { return s.Action == "ok" }, "step-started")
				h.tick("action")
				h.yield(len(saga) + i*3)
				if !ok {
					return fmt.Errorf("%s failed", s.Name)
				}
				return nil
			},
			Compensate: func() error {
				ok := h.s.record(saga, "compensation", i, func(before int) bool { return before >= s.CompensationFailures }, "compensation-started")
				h.tick("compensation")
				h.yield(len(saga) + i)
				if !ok {
					return fmt.Errorf("compensation of %s failed", s.Name)
				}
				return nil
			},
		}
	}
	return out
}

func (h *harness) yield(n int) {
	if !h.spread {
		return
	}
	for k := 0; k < n%5; k++ {
		runtime.Gosched()
	}
}

var active *harness

func describe(outcome Outcome, err error) string {
	if errors.Is(err, ErrAlreadyRunning) {
		return "already-running"
	}
	if err != nil {
		return "exception: " + err.Error()
	}
	return string(outcome)
}

// runGuarded runs Run, turning a panic of the orchestrator into an error.
func runGuarded(h *harness, saga string, steps []Step) (outcome Outcome, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return h.orch.Run(saga, steps)
}

type reply = wire.Reply

func main() {
	s, err := openFileStore()
	if err != nil {
		fmt.Fprintln(os.Stderr, "driver: cannot read the stored log:", err)
		os.Exit(1)
	}
	if len(s.log) > 0 || len(s.journal) > 0 {
		calls := 0
		for _, list := range s.journal {
			calls += len(list)
		}
		fmt.Fprintf(os.Stderr, "driver: started over the stored log (%d entries) and journal (%d calls)\n", len(s.log), calls)
	}
	active = newHarness(s, false)
	wire.Serve(map[string]wire.Operation{
		"new": wire.With(func(req request) reply {
			s, err := resetFileStore(req.Max)
			if err != nil {
				return reply{"error": "exception", "message": "driver: " + err.Error()}
			}
			active.s.close()
			active = newHarness(s, false)
			return reply{"ok": true}
		}),
		"run": wire.With(func(req request) reply {
			h := active
			h.mu.Lock()
			h.counts = map[string]int{}
			h.crash = req.Crash
			h.mu.Unlock()
			o, err := runGuarded(h, req.Saga, h.steps(req.Saga, req.Steps, nil, nil))
			h.mu.Lock()
			h.crash = nil
			h.mu.Unlock()
			if errors.Is(err, ErrAlreadyRunning) {
				return reply{"error": "already-running"}
			}
			if err != nil {
				return reply{"error": "exception", "message": err.Error()}
			}
			return reply{"outcome": string(o)}
		}),
		"log": wire.With(func(req request) reply {
			return reply{"entries": active.s.entriesJSON(req.Saga)}
		}),
		"journal": wire.With(func(req request) reply {
			return reply{"calls": active.s.calls(req.Saga)}
		}),
		"hammer": wire.With(func(req request) reply {
			s := newMemoryStore(req.Max)
			h := newHarness(s, true)
			results := make([]string, len(req.Sagas))
			var wg sync.WaitGroup
			for i, sg := range req.Sagas {
				wg.Add(1)
				go func(i int, saga string, script []scriptStep) {
					defer wg.Done()
					o, err := runGuarded(h, saga, h.steps(saga, script, nil, nil))
					results[i] = describe(o, err)
				}(i, sg.Saga, sg.Steps)
			}
			wg.Wait()
			outcomes := map[string]string{}
			logs := map[string][]entryJSON{}
			journals := map[string][]call{}
			for i, sg := range req.Sagas {
				outcomes[sg.Saga] = results[i]
				logs[sg.Saga] = s.entriesJSON(sg.Saga)
				journals[sg.Saga] = s.calls(sg.Saga)
			}
			return reply{"outcomes": outcomes, "logs": logs, "journals": journals}
		}),
		"duplicate": wire.With(func(req request) reply {
			h := active
			hold, entered := make(chan struct{}), make(chan struct{})
			first := make(chan string, 1)
			go func() {
				o, err := runGuarded(h, req.Saga, h.steps(req.Saga, req.Steps, hold, entered))
				first <- describe(o, err)
			}()
			select {
			case <-entered:
			case <-time.After(time.Second):
			}
			// again calls Run(saga) while the first is held and waits for it to return.
			again := func() (reply chan string, early bool, b string) {
				reply = make(chan string, 1)
				go func() {
					o, err := runGuarded(h, req.Saga, h.steps(req.Saga, req.Steps, nil, nil))
					reply <- describe(o, err)
				}()
				select {
				case b = <-reply:
					early = true
				// A correct orchestrator refuses at once; the bound only runs out for one that waits (or
				// runs the saga twice), and is generous so a loaded machine cannot fail a correct one.
				case <-time.After(1500 * time.Millisecond):
				}
				return reply, early, b
			}
			second, early, b := again()
			third, thirdEarly, c := (chan string)(nil), false, "not-called"
			if early {
				// A refused duplicate must leave the running mark in place: a third call is refused too.
				third, thirdEarly, c = again()
			}
			close(hold)
			a := <-first
			if !early {
				b = <-second
			}
			if third != nil && !thirdEarly {
				c = <-third
			}
			return reply{"first": a, "second": b, "secondSettledWhileHeld": early, "third": c, "thirdSettledWhileHeld": thirdEarly}
		}),
		"info": wire.With(func(req request) reply {
			return reply{"language": "go"}
		}),
	})
}
