package main

// A circuit breaker after the design of sony/gobreaker: closed, open and half-open states, and
// generations, so that the result of a call that began before a state change (or before the closed
// state's counts were cleared) is ignored.

import (
	"errors"
	"sync"
	"time"
)

type State int

const (
	StateClosed State = iota
	StateHalfOpen
	StateOpen
)

func (s State) String() string {
	switch s {
	case StateClosed:
		return "closed"
	case StateHalfOpen:
		return "half-open"
	case StateOpen:
		return "open"
	}
	return "unknown"
}

type Counts struct {
	Requests             uint32
	TotalSuccesses       uint32
	TotalFailures        uint32
	ConsecutiveSuccesses uint32
	ConsecutiveFailures  uint32
}

type Clock interface {
	Now() time.Time
}

type Settings struct {
	MaxRequests   uint32
	Interval      time.Duration
	Timeout       time.Duration
	ReadyToTrip   func(Counts) bool
	OnStateChange func(from, to State)
	Clock         Clock
}

var (
	ErrOpenState       = errors.New("circuit breaker is open")
	ErrTooManyRequests = errors.New("too many requests while the circuit breaker is half-open")
)

const defaultTimeout = 60 * time.Second

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

type CircuitBreaker struct {
	maxRequests   uint32
	interval      time.Duration
	timeout       time.Duration
	readyToTrip   func(Counts) bool
	onStateChange func(from, to State)
	clock         Clock

	mu         sync.Mutex
	state      State
	generation uint64
	counts     Counts
	expiry     time.Time // end of the current generation by time; zero: none
}

func NewCircuitBreaker(s Settings) *CircuitBreaker {
	cb := &CircuitBreaker{
		maxRequests:   s.MaxRequests,
		interval:      s.Interval,
		timeout:       s.Timeout,
		readyToTrip:   s.ReadyToTrip,
		onStateChange: s.OnStateChange,
		clock:         s.Clock,
	}
	if cb.maxRequests == 0 {
		cb.maxRequests = 1
	}
	if cb.timeout <= 0 {
		cb.timeout = defaultTimeout
	}
	if cb.readyToTrip == nil {
		cb.readyToTrip = func(c Counts) bool { return c.ConsecutiveFailures > 5 }
	}
	if cb.clock == nil {
		cb.clock = realClock{}
	}
	cb.newGeneration(cb.clock.Now())
	return cb
}

// State reports the current state, after whatever the clock has decided since the last look.
func (cb *CircuitBreaker) State() State {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	state, _ := cb.current(cb.clock.Now())
	return state
}

// Counts returns a copy of the current generation's counts.
func (cb *CircuitBreaker) Counts() Counts {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	return cb.counts
}

// Execute runs req if the breaker lets it through. req runs without the lock held; a panic in req
// counts as a failure and is passed on unchanged.
func (cb *CircuitBreaker) Execute(req func() (interface{}, error)) (interface{}, error) {
	generation, err := cb.beforeRequest()
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			cb.afterRequest(generation, false)
			panic(p)
		}
	}()
	result, err := req()
	cb.afterRequest(generation, err == nil)
	return result, err
}

func (cb *CircuitBreaker) beforeRequest() (uint64, error) {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	state, generation := cb.current(cb.clock.Now())
	if state == StateOpen {
		return generation, ErrOpenState
	}
	if state == StateHalfOpen && cb.counts.Requests >= cb.maxRequests {
		return generation, ErrTooManyRequests
	}
	cb.counts.Requests++
	return generation, nil
}

func (cb *CircuitBreaker) afterRequest(before uint64, success bool) {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	now := cb.clock.Now()
	state, generation := cb.current(now)
	if generation != before {
		return // began before a state change or a clearing: ignored
	}
	switch {
	case success && state != StateOpen:
		cb.counts.TotalSuccesses++
		cb.counts.ConsecutiveSuccesses++
		cb.counts.ConsecutiveFailures = 0
		if state == StateHalfOpen && cb.counts.ConsecutiveSuccesses >= cb.maxRequests {
			cb.setState(StateClosed, now)
		}
	case !success && state == StateClosed:
		cb.counts.TotalFailures++
		cb.counts.ConsecutiveFailures++
		cb.counts.ConsecutiveSuccesses = 0
		if cb.readyToTrip(cb.counts) {
			cb.setState(StateOpen, now)
		}
	case !success && state == StateHalfOpen:
		cb.setState(StateOpen, now)
	}
}

// current applies the clock: a closed generation past its interval starts afresh, an open breaker
// past its timeout becomes half-open. The caller holds the lock.
func (cb *CircuitBreaker) current(now time.Time) (State, uint64) {
	if !cb.expiry.IsZero() && now.After(cb.expiry) {
		switch cb.state {
		case StateClosed:
			cb.newGeneration(now)
		case StateOpen:
			cb.setState(StateHalfOpen, now)
		}
	}
	return cb.state, cb.generation
}

func (cb *CircuitBreaker) setState(to State, now time.Time) {
	from := cb.state
	if from == to {
		return
	}
	cb.state = to
	cb.newGeneration(now)
	if cb.onStateChange != nil {
		cb.onStateChange(from, to)
	}
}

func (cb *CircuitBreaker) newGeneration(now time.Time) {
	cb.generation++
	cb.counts = Counts{}
	switch {
	case cb.state == StateClosed && cb.interval > 0:
		cb.expiry = now.Add(cb.interval)
	case cb.state == StateOpen:
		cb.expiry = now.Add(cb.timeout)
	default:
		cb.expiry = time.Time{}
	}
}
