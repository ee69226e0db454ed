package main

// __LAB_TITLE__: your tally. The contract is in README.md; driver.go (provided, do not edit) calls it.
// TEMPLATE: the starter shows the contract's types and signatures, and a TODO wherever the learner writes.

import (
	"errors"
	"time"
)

// ErrInvalidAmount is what Add returns for an amount below 1.
var ErrInvalidAmount = errors.New("the amount must be at least 1")

type Clock interface {
	Now() time.Time
}

type Tally struct {
	// TODO: the clock, the window, and each key's adds.
}

func NewTally(clock Clock, window time.Duration) *Tally {
	// TODO: keep the clock and the window.
	return &Tally{}
}

// Add adds amount (at least 1, else ErrInvalidAmount) to key and returns the key's total.
func (t *Tally) Add(key string, amount int) (int, error) {
	// TODO: reject a bad amount, record the add at the clock's time, return the key's new total.
	return 0, errors.New("not implemented: Add")
}

// Total is the sum of the key's adds still inside the window; 0 when there is none.
func (t *Tally) Total(key string) int {
	// TODO: sum the adds made less than the window ago.
	return 0
}
