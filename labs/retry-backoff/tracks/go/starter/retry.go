package main

// Your retry loop. The contract is in README.md; driver.go (provided, do not edit) calls it.

import (
	"context"
	"fmt"
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

// Retry calls fn(1), fn(2) … until one succeeds, an error is not retryable, MaxAttempts calls have
// been made, or the next sleep would reach the deadline.
func Retry(ctx context.Context, fn func(attempt int) error, p Policy) (Result, error) {
	// TODO: between attempts, delay = Random() × cap with cap = min(MaxDelay, BaseDelay × 2^(n−1));
	// OnRetry, then Sleep(delay). Check ctx before every attempt.
	_, _, _ = ctx, fn, p
	return Result{}, fmt.Errorf("not implemented: Retry")
}
