// Package wire is provided by the Go track: do not edit. The wire every library lab's driver.go speaks.
//
// The grader writes one JSON request per line on stdin, {"id": <number>, "op": <name>, ...fields}, and
// reads one JSON reply per line on stdout, {"id": <the same number>, ...}. Requests are handled one at a
// time, in the order they arrive; an operation may answer later (it returns nil and calls Answer), and
// then the next request is read at once. Replies the wire itself gives:
//
//	a line that is not a JSON object with a numeric id and a string op -> {id, error:"bad-request", message}
//	  (id is null when the line has none; also for fields that do not fit the operation's types)
//	an op the driver does not know                                    -> {id, error:"unknown-op", op}
//	a panic in an operation                                           -> {id, error:"exception", message}
//	{"op":"__operations"}                                             -> {id, operations:[the table's names, sorted]}
//	  (the grader's tests compare it with the lab's operations.yaml)
//
// stdout carries replies only: log to os.Stderr.
package wire

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"
)

// Reply is one JSON reply; the wire adds its "id".
type Reply map[string]interface{}

// Request is one request line: its id, its op, and the line to decode its fields from.
type Request struct {
	ID   json.RawMessage
	Op   string
	line []byte
}

// Operation answers one request. It returns nil when it answers later, with Answer.
type Operation func(req *Request) Reply

type badRequest struct{ err error }

// Decode reads the request's fields into v (a pointer to a struct with json tags). Fields that do not
// fit v's types end the operation with the "bad-request" reply.
func (r *Request) Decode(v interface{}) {
	if err := json.Unmarshal(r.line, v); err != nil {
		panic(badRequest{err})
	}
}

// With makes an operation of f: each request's fields are decoded into a fresh T (see Decode).
func With[T any](f func(req T) Reply) Operation {
	return func(r *Request) Reply {
		var req T
		r.Decode(&req)
		return f(req)
	}
}

// Answer sends the reply to this request; safe from any goroutine, for operations that answer later.
func (r *Request) Answer(reply Reply) {
	send(r.ID, reply)
}

var (
	outMu sync.Mutex
	out   = bufio.NewWriter(os.Stdout)
)

func send(id json.RawMessage, reply Reply) {
	if id == nil {
		id = json.RawMessage("null")
	}
	reply["id"] = id
	line, err := json.Marshal(reply)
	if err != nil {
		line, _ = json.Marshal(Reply{"id": id, "error": "exception", "message": err.Error()})
	}
	outMu.Lock()
	defer outMu.Unlock()
	out.Write(line)
	out.WriteByte('\n')
	out.Flush()
}

// Guard runs f and turns a panic in it into the "exception" reply ("panic: <value>").
func Guard(f func() Reply) Reply { return guard(f, nil) }

// guard is Guard, with more fields added to the "exception" reply by extra (when not nil).
func guard(f func() Reply, extra func(r Reply) Reply) (r Reply) {
	defer func() {
		if p := recover(); p != nil {
			if bad, ok := p.(badRequest); ok {
				r = Reply{"error": "bad-request", "message": bad.err.Error()}
				return
			}
			r = Reply{"error": "exception", "message": fmt.Sprintf("panic: %v", p)}
			if extra != nil {
				r = extra(r)
			}
		}
	}()
	return f()
}

// header is what every request has; the id stays raw so it is echoed exactly.
type header struct {
	ID json.RawMessage `json:"id"`
	Op *string         `json:"op"`
}

// parse reads a line's id and op, or says why it is not a request.
func parse(line []byte) (*Request, string) {
	var h header
	if err := json.Unmarshal(line, &h); err != nil {
		return &Request{}, "not a JSON object: " + err.Error()
	}
	var id float64
	if h.ID == nil || json.Unmarshal(h.ID, &id) != nil {
		return &Request{}, `no numeric "id"`
	}
	if h.Op == nil {
		return &Request{ID: h.ID}, `no string "op"`
	}
	return &Request{ID: h.ID, Op: *h.Op, line: append([]byte(nil), line...)}, ""
}

// listOperations is the op the wire answers itself with the names of the driver's operations.
const listOperations = "__operations"

func names(operations map[string]Operation) []string {
	list := make([]string, 0, len(operations))
	for name := range operations {
		list = append(list, name)
	}
	sort.Strings(list)
	return list
}

// Serve answers every request on stdin with the operation of its name, in order, until stdin closes.
func Serve(operations map[string]Operation) { ServeWith(operations, nil) }

// ServeWith is Serve, with exception adding the lab's own fields to every "exception" reply of a panic.
func ServeWith(operations map[string]Operation, exception func(r Reply) Reply) {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	for in.Scan() {
		line := in.Bytes()
		if len(line) == 0 {
			continue
		}
		req, refusal := parse(line)
		if refusal != "" {
			send(req.ID, Reply{"error": "bad-request", "message": refusal})
			continue
		}
		if req.Op == listOperations {
			send(req.ID, Reply{"operations": names(operations)})
			continue
		}
		op, ok := operations[req.Op]
		if !ok {
			send(req.ID, Reply{"error": "unknown-op", "op": req.Op})
			continue
		}
		if r := guard(func() Reply { return op(req) }, exception); r != nil {
			send(req.ID, r)
		}
	}
}

// Start is where every virtual clock begins.
var Start = time.Unix(1_700_000_000, 0)

// Clock is virtual time: it moves only when the driver moves it. Safe from many goroutines.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock at Start.
func NewClock() *Clock { return &Clock{now: Start} }

// Now is the time the learner's code reads.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d and returns how far it is from Start.
func (c *Clock) Advance(d time.Duration) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now.Sub(Start)
}

// Elapsed is how far the clock is from Start.
func (c *Clock) Elapsed() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now.Sub(Start)
}

// Set puts the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Millis turns a JSON number of milliseconds (fractions kept) into a duration.
func Millis(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

// Parallel runs worker(0) … worker(count-1) on their own goroutines and waits for them all.
func Parallel(count int, worker func(w int)) {
	var wg sync.WaitGroup
	for w := 0; w < count; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			worker(w)
		}(w)
	}
	wg.Wait()
}

// LiveHeap is the heap still in use after a full garbage collection, in bytes.
func LiveHeap() uint64 {
	var s runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&s)
	return s.HeapAlloc
}
