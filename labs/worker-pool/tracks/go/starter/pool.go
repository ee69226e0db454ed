package main

// Your worker pool. The contract is in README.md; driver.go (provided, do not edit) calls it.

import (
	"errors"
	"fmt"
)

var (
	ErrQueueFull = errors.New("worker pool: every worker is busy and the queue is full")
	ErrShutdown  = errors.New("worker pool: shut down")
	ErrCancelled = errors.New("worker pool: job cancelled before it started")
)

// PanicError is what Wait returns for a job that panicked.
type PanicError struct{ Value interface{} }

func (e *PanicError) Error() string { return fmt.Sprintf("job panicked: %v", e.Value) }

// Ticket is one accepted job.
type Ticket struct {
	// TODO: what Wait and Cancel need.
}

// Pool runs jobs on a fixed set of workers.
type Pool struct {
	// TODO: the workers, the bounded queue, the counts, the shutdown state.
}

// NewPool starts workers goroutines; it panics if workers < 1 or queueSize < 0.
func NewPool(workers, queueSize int) *Pool {
	// TODO: check the arguments and start the workers.
	return &Pool{}
}

// Submit accepts the job or rejects it at once with ErrQueueFull or ErrShutdown.
func (p *Pool) Submit(job func() (interface{}, error)) (*Ticket, error) {
	// TODO: reject after Shutdown, or when workers+queueSize jobs are not over yet; otherwise
	// queue the job (it starts at once if a worker is free).
	return nil, errors.New("not implemented: Pool.Submit")
}

// Shutdown stops accepting jobs and returns once every accepted job is over.
func (p *Pool) Shutdown() {
	// TODO: stop accepting, let the queue drain, wait for the workers.
}

// Running is the number of jobs started and not over.
func (p *Pool) Running() int {
	// TODO
	return 0
}

// Queued is the number of accepted jobs waiting for a worker.
func (p *Pool) Queued() int {
	// TODO
	return 0
}

// Wait blocks until the job's outcome is known and returns it (any number of times).
func (t *Ticket) Wait() (interface{}, error) {
	// TODO
	return nil, errors.New("not implemented: Ticket.Wait")
}

// Cancel removes the job from the queue if it has not started; it reports whether it did.
func (t *Ticket) Cancel() bool {
	// TODO
	return false
}
