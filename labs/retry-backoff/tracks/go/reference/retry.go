package main

// Your retry loop. The contract is in README.md; driver.go (provided, do not edit) calls it.

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"time"
)

type Clock interface {
	Now() time.Time
}

type Policy struct {
	MaxAttempts int           // attempts in all, the first included; below 1 means 1
	BaseDelay   time.Duration // the cap before the 2nd attempt; it doubles after each failure
	MaxDelay    time.Duration // no delay is ever longer than this
	Deadline    time.Duration // budget from the moment Retry is called; 0: none

	IsRetryable func(err error) bool                              // nil: every error is retryable
	OnRetry     func(attempt int, delay time.Duration, err error) // nil: not called; else once before each sleep
	Random      func() float64                                    // [0, 1); nil: a source safe for concurrent use
	Sleep       func(d time.Duration)                             // nil: time.Sleep
	Clock       Clock                                             // nil: real time
}

// Result reports what a Retry did: the calls made to fn, and every delay slept, in order.
type Result struct {
	Attempts int
	Delays   []time.Duration
}

const (
	ReasonExhausted = "exhausted" // MaxAttempts calls were made
	ReasonDeadline  = "deadline"  // the next sleep would have reached the deadline
)

// RetryError is returned when Retry gives up on retryable errors; Err is the last call's error.
type RetryError struct {
	Reason   string
	Attempts int
	Delays   []time.Duration
	Err      error
}

func (e *RetryError) Error() string {
	return fmt.Sprintf("gave up after %d attempt(s) (%s): %v", e.Attempts, e.Reason, e.Err)
}

func (e *RetryError) Unwrap() error { return e.Err }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// capFor is min(MaxDelay, BaseDelay × 2^(attempt−1)), computed in float64 so that it never wraps.
func capFor(attempt int, p Policy) time.Duration {
	grown := float64(p.BaseDelay) * math.Pow(2, float64(attempt-1))
	if grown >= float64(p.MaxDelay) {
		return p.MaxDelay
	}
	return time.Duration(grown)
}

// Retry calls fn(1), fn(2) … until one succeeds, an error is not retryable, MaxAttempts calls have
// been made, or the next sleep would reach the deadline.
func Retry(ctx context.Context, fn func(attempt int) error, p Policy) (Result, error) {
	maxAttempts := p.MaxAttempts
	if maxAttempts < 1 {
		maxAttempts = 1
	}
	random := p.Random
	if random == nil {
		random = rand.Float64 // the top-level source is safe for concurrent use
	}
	sleep := p.Sleep
	if sleep == nil {
		sleep = time.Sleep
	}
	var clock Clock = realClock{}
	if p.Clock != nil {
		clock = p.Clock
	}
	var deadline time.Time
	if p.Deadline > 0 {
		deadline = clock.Now().Add(p.Deadline)
	}
	var res Result
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		res.Attempts = attempt
		err := fn(attempt)
		if err == nil {
			return res, nil
		}
		if p.IsRetryable != nil && !p.IsRetryable(err) {
			return res, err
		}
		if attempt >= maxAttempts {
			return res, &RetryError{Reason: ReasonExhausted, Attempts: attempt, Delays: res.Delays, Err: err}
		}
		delay := time.Duration(random() * float64(capFor(attempt, p)))
		if !deadline.IsZero() && !clock.Now().Add(delay).Before(deadline) {
			return res, &RetryError{Reason: ReasonDeadline, Attempts: attempt, Delays: res.Delays, Err: err}
		}
		if p.OnRetry != nil {
			p.OnRetry(attempt, delay, err)
		}
		res.Delays = append(res.Delays, delay)
		sleep(delay)
	}
}
