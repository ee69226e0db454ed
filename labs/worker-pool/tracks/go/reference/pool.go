package main

// A worker pool: a fixed number of workers, a bounded FIFO queue, per-job results, cancellation
// before start, and a shutdown that drains. The contract is in README.md.

import (
	"errors"
	"fmt"
	"sync"
)

var (
	ErrQueueFull = errors.New("worker pool: every worker is busy and the queue is full")
	ErrShutdown  = errors.New("worker pool: shut down")
	ErrCancelled = errors.New("worker pool: job cancelled before it started")
)

// PanicError is what Wait returns for a job that panicked.
type PanicError struct{ Value interface{} }

func (e *PanicError) Error() string { return fmt.Sprintf("job panicked: %v", e.Value) }

type ticketState int

const (
	waiting ticketState = iota
	started
	cancelled
)

// Ticket is one accepted job.
type Ticket struct {
	pool  *Pool
	job   func() (interface{}, error)
	state ticketState   // guarded by pool.mu
	done  chan struct{} // closed once value and err are set
	value interface{}
	err   error
}

// Pool runs jobs on a fixed set of workers. One mutex guards every field; no job runs under it.
type Pool struct {
	mu        sync.Mutex
	idle      *sync.Cond // an idle worker waits here for a handed-off job or the shutdown
	workers   int
	queueSize int
	pending   []*Ticket // accepted, waiting for a worker, oldest first
	handoff   []*Ticket // given to an idle worker that has not picked it up yet (counted as running)
	running   int
	closed    bool
	exited    sync.WaitGroup
}

func NewPool(workers, queueSize int) *Pool {
	if workers < 1 {
		panic(fmt.Sprintf("worker pool: workers must be >= 1, got %d", workers))
	}
	if queueSize < 0 {
		panic(fmt.Sprintf("worker pool: queueSize must be >= 0, got %d", queueSize))
	}
	p := &Pool{workers: workers, queueSize: queueSize}
	p.idle = sync.NewCond(&p.mu)
	p.exited.Add(workers) // before the goroutines start, so Shutdown can never see zero too early
	for i := 0; i < workers; i++ {
		go p.worker()
	}
	return p
}

func (p *Pool) Submit(job func() (interface{}, error)) (*Ticket, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrShutdown
	}
	if p.running+len(p.pending) >= p.workers+p.queueSize {
		return nil, ErrQueueFull
	}
	t := &Ticket{pool: p, job: job, done: make(chan struct{})}
	if p.running < p.workers { // then nothing is pending: a worker is free
		t.state = started
		p.running++
		p.handoff = append(p.handoff, t)
		p.idle.Signal()
	} else {
		p.pending = append(p.pending, t)
	}
	return t, nil
}

// Shutdown stops accepting jobs and returns once every accepted job is over and the workers have exited.
func (p *Pool) Shutdown() {
	p.mu.Lock()
	p.closed = true
	p.idle.Broadcast()
	p.mu.Unlock()
	p.exited.Wait()
}

func (p *Pool) Running() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.running
}

func (p *Pool) Queued() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pending)
}

func (t *Ticket) Wait() (interface{}, error) {
	<-t.done
	return t.value, t.err
}

func (t *Ticket) Cancel() bool {
	p := t.pool
	p.mu.Lock()
	defer p.mu.Unlock()
	if t.state != waiting {
		return false
	}
	for i, q := range p.pending {
		if q == t {
			p.pending = append(p.pending[:i:i], p.pending[i+1:]...)
			break
		}
	}
	t.state = cancelled
	t.err = ErrCancelled
	close(t.done)
	return true
}

func (p *Pool) worker() {
	defer p.exited.Done()
	p.mu.Lock()
	for {
		for len(p.handoff) == 0 && !p.closed {
			p.idle.Wait()
		}
		if len(p.handoff) == 0 { // closed, and nothing was handed to this worker
			p.mu.Unlock()
			return
		}
		t := p.handoff[0]
		p.handoff = p.handoff[1:]
		for t != nil {
			p.mu.Unlock()
			value, err := run(t.job)
			p.mu.Lock()
			// The job is over: free its place before its result can be seen, then take the oldest
			// waiting job, if any, on this same worker.
			p.running--
			t.value, t.err = value, err
			close(t.done)
			t = nil
			if len(p.pending) > 0 {
				t = p.pending[0]
				p.pending = p.pending[1:]
				t.state = started
				p.running++
			}
		}
	}
}

// run calls job, turning a panic into a *PanicError so the worker lives on.
func run(job func() (interface{}, error)) (value interface{}, err error) {
	defer func() {
		if r := recover(); r != nil {
			value, err = nil, &PanicError{Value: r}
		}
	}()
	return job()
}
