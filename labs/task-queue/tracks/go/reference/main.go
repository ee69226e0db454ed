// Task queue: reference solution (Go). Read README.md for the contract.
// State lives in memory under one mutex, one structure per queue; every enqueue, ack and death is
// appended to DATA_DIR/queue.log and synced before the answer, in batches (group commit).
package main

import (
	"bytes"
	"container/heap"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	visibilityMs  = envInt("VISIBILITY_TIMEOUT_MS", 30000)
	maxAttempts   = envInt("MAX_ATTEMPTS", 5)
	backoffBaseMs = envInt("BACKOFF_BASE_MS", 1000)
	validName     = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
)

func envInt(name string, def int64) int64 {
	if v, err := strconv.ParseInt(os.Getenv(name), 10, 64); err == nil {
		return v
	}
	return def
}

func nowMs() int64 { return time.Now().UnixMilli() }

const (
	waiting = iota
	leased
	acked
	dead
)

type job struct {
	id       string
	seq      int64
	payload  json.RawMessage
	priority int64
	state    int
	readyAt  int64
	attempts int64
	lease    string
	leaseEnd int64
	version  int64         // bumped on every change of state: heap entries made before it are stale
	durable  chan struct{} // closed once the enqueue record is on disk
}

type entry struct {
	j       *job
	version int64
	key     int64
	seq     int64
}

// entries is a min-heap by (key, seq).
type entries []entry

func (h entries) Len() int { return len(h) }
func (h entries) Less(a, b int) bool {
	return h[a].key < h[b].key || (h[a].key == h[b].key && h[a].seq < h[b].seq)
}
func (h entries) Swap(a, b int)       { h[a], h[b] = h[b], h[a] }
func (h *entries) Push(x interface{}) { *h = append(*h, x.(entry)) }
func (h *entries) Pop() interface{} {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

func push(h *entries, j *job, key int64) { heap.Push(h, entry{j, j.version, key, j.seq}) }

type queue struct {
	name    string
	jobs    map[string]*job
	keys    map[string]*job
	dead    []*job
	ready   entries // ready now, by (-priority, seq)
	waiting entries // not ready yet (delay or backoff), by ready time
	leases  entries // under a lease, by the lease's end
}

type server struct {
	mu      sync.Mutex
	queues  map[string]*queue
	nextSeq int64
	leaseN  int64
	boot    string
	wal     *wal
}

func (s *server) queue(name string) *queue {
	q := s.queues[name]
	if q == nil {
		q = &queue{name: name, jobs: map[string]*job{}, keys: map[string]*job{}}
		s.queues[name] = q
	}
	return q
}

func (q *queue) place(j *job, now int64) {
	j.version++
	j.state = waiting
	if j.readyAt <= now {
		push(&q.ready, j, -j.priority)
	} else {
		push(&q.waiting, j, j.readyAt)
	}
}

// advance moves jobs whose lease ended, or whose ready time came, where they belong.
func (s *server) advance(q *queue, now int64) {
	for len(q.leases) > 0 && q.leases[0].key <= now {
		e := heap.Pop(&q.leases).(entry)
		if e.version == e.j.version {
			s.failed(q, e.j, e.key, false)
		}
	}
	for len(q.waiting) > 0 && q.waiting[0].key <= now {
		e := heap.Pop(&q.waiting).(entry)
		if e.version == e.j.version {
			push(&q.ready, e.j, -e.j.priority)
		}
	}
}

// failed ends a delivery at `at`: the job is dead after its last attempt (the returned channel closes
// once the death is on disk), else ready again, after a backoff when it was nacked.
func (s *server) failed(q *queue, j *job, at int64, nacked bool) chan struct{} {
	j.lease = ""
	if j.attempts >= maxAttempts {
		j.version++
		j.state = dead
		q.dead = append(q.dead, j)
		return s.wal.append(record{T: "d", Q: q.name, S: j.seq, N: j.attempts})
	}
	j.readyAt = at
	if nacked {
		j.readyAt = at + backoffBaseMs<<(j.attempts-1)
	}
	q.place(j, at)
	return nil
}

type record struct {
	T string          `json:"t"`
	Q string          `json:"q"`
	S int64           `json:"s"`
	P json.RawMessage `json:"p,omitempty"`
	R int64           `json:"r,omitempty"`
	A int64           `json:"a,omitempty"`
	K *string         `json:"k,omitempty"`
	N int64           `json:"n,omitempty"`
}

// wal appends JSON lines and syncs them in batches: one write and one fsync for all that is pending.
type wal struct {
	mu      sync.Mutex
	cond    *sync.Cond
	f       *os.File
	pending []byte
	waiters []chan struct{}
}

func openWal(f *os.File) *wal {
	w := &wal{f: f}
	w.cond = sync.NewCond(&w.mu)
	go w.run()
	return w
}

func (w *wal) append(r record) chan struct{} {
	line, _ := json.Marshal(r)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending = append(append(w.pending, line...), '\n')
	return w.waitLocked()
}

// barrier returns a channel closed once every record appended so far is on disk.
func (w *wal) barrier() chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.waitLocked()
}

func (w *wal) waitLocked() chan struct{} {
	ch := make(chan struct{})
	w.waiters = append(w.waiters, ch)
	w.cond.Signal()
	return ch
}

func (w *wal) run() {
	for {
		w.mu.Lock()
		for len(w.waiters) == 0 {
			w.cond.Wait()
		}
		data, waiters := w.pending, w.waiters
		w.pending, w.waiters = nil, nil
		w.mu.Unlock()
		if len(data) > 0 {
			if _, err := w.f.Write(data); err != nil {
				log.Fatalf("cannot write the log: %v", err)
			}
			if err := w.f.Sync(); err != nil {
				log.Fatalf("cannot sync the log: %v", err)
			}
		}
		for _, ch := range waiters {
			close(ch)
		}
	}
}

// replay reads the log; a torn last line (no "\n") is cut off so the next record starts on its own line.
func (s *server) replay(path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return
	}
	end := bytes.LastIndexByte(data, '\n') + 1
	if end < len(data) {
		if err := os.Truncate(path, int64(end)); err != nil {
			log.Fatal(err)
		}
	}
	closed := make(chan struct{})
	close(closed)
	for _, line := range bytes.Split(data[:end], []byte("\n")) {
		var r record
		if len(line) == 0 || json.Unmarshal(line, &r) != nil {
			continue
		}
		q := s.queue(r.Q)
		if r.S >= s.nextSeq {
			s.nextSeq = r.S + 1
		}
		id := strconv.FormatInt(r.S, 10)
		switch r.T {
		case "e":
			j := &job{id: id, seq: r.S, payload: r.P, priority: r.R, readyAt: r.A, durable: closed}
			q.jobs[id] = j
			if r.K != nil {
				q.keys[*r.K] = j
			}
		case "a", "d":
			if j := q.jobs[id]; j != nil {
				j.state = acked
				if r.T == "d" {
					j.state, j.attempts = dead, r.N
					q.dead = append(q.dead, j)
				}
			}
		}
	}
	now := nowMs()
	for _, q := range s.queues {
		for _, j := range q.jobs {
			if j.state == waiting {
				q.place(j, now)
			}
		}
	}
}

type httpError struct {
	status int
	msg    string
}

func fail(status int, format string, args ...interface{}) *httpError {
	return &httpError{status, fmt.Sprintf(format, args...)}
}

// intField reads an optional integer field within [min, max].
func intField(m map[string]json.RawMessage, name string, min, max, def int64) (int64, bool) {
	raw, ok := m[name]
	if !ok {
		return def, true
	}
	var f float64
	if json.Unmarshal(raw, &f) != nil || f != math.Trunc(f) || f < float64(min) || f > float64(max) {
		return 0, false
	}
	return int64(f), true
}

func (s *server) enqueue(q *queue, m map[string]json.RawMessage) (int, interface{}, *httpError) {
	payload, ok := m["payload"]
	if !ok {
		return 0, nil, fail(400, "payload is required")
	}
	priority, ok := intField(m, "priority", 0, 9, 0)
	if !ok {
		return 0, nil, fail(400, "priority must be an integer from 0 to 9")
	}
	delay, ok := intField(m, "delayMs", 0, math.MaxInt32*1000, 0)
	if !ok {
		return 0, nil, fail(400, "delayMs must be an integer >= 0")
	}
	var key *string
	if raw, has := m["idempotencyKey"]; has {
		var k string
		if json.Unmarshal(raw, &k) != nil || k == "" {
			return 0, nil, fail(400, "idempotencyKey must be a non-empty string")
		}
		key = &k
	}
	s.mu.Lock()
	if key != nil {
		if earlier := q.keys[*key]; earlier != nil {
			s.mu.Unlock()
			<-earlier.durable
			return 200, map[string]string{"id": earlier.id}, nil
		}
	}
	now := nowMs()
	seq := s.nextSeq
	s.nextSeq++
	j := &job{id: strconv.FormatInt(seq, 10), seq: seq, payload: payload, priority: priority, readyAt: now + delay}
	j.durable = s.wal.append(record{T: "e", Q: q.name, S: seq, P: payload, R: priority, A: j.readyAt, K: key})
	q.jobs[j.id] = j
	if key != nil {
		q.keys[*key] = j
	}
	q.place(j, now)
	s.mu.Unlock()
	<-j.durable
	return 201, map[string]string{"id": j.id}, nil
}

func (s *server) leaseJob(q *queue, m map[string]json.RawMessage) (int, interface{}, *httpError) {
	vis, ok := intField(m, "visibilityMs", 1, math.MaxInt32*1000, visibilityMs)
	if !ok {
		return 0, nil, fail(400, "visibilityMs must be an integer >= 1")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := nowMs()
	s.advance(q, now)
	for len(q.ready) > 0 {
		e := heap.Pop(&q.ready).(entry)
		if e.version != e.j.version {
			continue
		}
		j := e.j
		j.version++
		j.state = leased
		j.attempts++
		s.leaseN++
		j.lease = s.boot + "-" + strconv.FormatInt(s.leaseN, 10)
		j.leaseEnd = now + vis
		push(&q.leases, j, j.leaseEnd)
		return 200, map[string]interface{}{"id": j.id, "payload": j.payload, "priority": j.priority, "attempt": j.attempts, "lease": j.lease}, nil
	}
	return 204, nil, nil
}

func (s *server) settle(q *queue, id string, m map[string]json.RawMessage, ack bool) (int, interface{}, *httpError) {
	var token string
	if raw, has := m["lease"]; !has || json.Unmarshal(raw, &token) != nil {
		return 0, nil, fail(400, "lease must be a string")
	}
	s.mu.Lock()
	j := q.jobs[id]
	if j == nil {
		s.mu.Unlock()
		return 0, nil, fail(404, "no job %s in this queue", id)
	}
	now := nowMs()
	if j.state != leased || j.lease != token || now >= j.leaseEnd {
		s.mu.Unlock()
		return 0, nil, fail(409, "this lease is not the job's current lease")
	}
	var done chan struct{}
	if ack {
		j.version++
		j.state = acked
		j.lease = ""
		j.payload = nil
		done = s.wal.append(record{T: "a", Q: q.name, S: j.seq})
	} else {
		done = s.failed(q, j, now, true)
	}
	s.mu.Unlock()
	if done != nil {
		<-done
	}
	return 204, nil, nil
}

type deadJob struct {
	ID       string          `json:"id"`
	Payload  json.RawMessage `json:"payload"`
	Attempts int64           `json:"attempts"`
}

func (s *server) deadList(q *queue) (int, interface{}, *httpError) {
	s.mu.Lock()
	s.advance(q, nowMs())
	jobs := make([]deadJob, 0, len(q.dead))
	for _, j := range q.dead {
		jobs = append(jobs, deadJob{j.id, j.payload, j.attempts})
	}
	done := s.wal.barrier()
	s.mu.Unlock()
	<-done
	return 200, map[string]interface{}{"jobs": jobs}, nil
}

// readObject reads the body as a JSON object ({} when empty and emptyOk).
func readObject(r *http.Request, emptyOk bool) (map[string]json.RawMessage, *httpError) {
	data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
	if err != nil || len(data) > 1<<20 {
		return nil, fail(400, "cannot read the body (at most 1 MiB)")
	}
	if emptyOk && len(bytes.TrimSpace(data)) == 0 {
		return map[string]json.RawMessage{}, nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil || m == nil {
		return nil, fail(400, "the body must be a JSON object")
	}
	return m, nil
}

func (s *server) route(r *http.Request) (int, interface{}, *httpError) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) < 3 || parts[0] != "queues" {
		return 0, nil, fail(404, "no such route")
	}
	if !validName.MatchString(parts[1]) {
		return 0, nil, fail(400, "a queue name matches ^[A-Za-z0-9_-]{1,64}$")
	}
	s.mu.Lock()
	q := s.queue(parts[1])
	s.mu.Unlock()
	what := parts[2]
	switch {
	case r.Method == "GET" && what == "dead" && len(parts) == 3:
		return s.deadList(q)
	case r.Method == "POST" && (what == "jobs" || what == "lease") && len(parts) == 3,
		r.Method == "POST" && what == "jobs" && len(parts) == 5 && (parts[4] == "ack" || parts[4] == "nack"):
		m, bad := readObject(r, what == "lease")
		if bad != nil {
			return 0, nil, bad
		}
		if what == "lease" {
			return s.leaseJob(q, m)
		}
		if len(parts) == 3 {
			return s.enqueue(q, m)
		}
		return s.settle(q, parts[3], m, parts[4] == "ack")
	}
	return 0, nil, fail(404, "no such route")
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == "GET" && r.URL.Path == "/healthz" {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":true}`))
		return
	}
	status, body, bad := s.route(r)
	if bad != nil {
		status, body = bad.status, map[string]string{"error": bad.msg}
	}
	if body == nil {
		w.WriteHeader(status)
		return
	}
	out, _ := json.Marshal(body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(out)
}

func main() {
	dir := os.Getenv("DATA_DIR")
	if dir == "" {
		dir = "."
	}
	boot := make([]byte, 6)
	rand.Read(boot)
	s := &server{queues: map[string]*queue{}, nextSeq: 1, boot: hex.EncodeToString(boot)}
	path := filepath.Join(dir, "queue.log")
	s.replay(path)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	s.wal = openWal(f)
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, s))
}
