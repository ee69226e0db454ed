package main

// Reference solution: each key keeps its adds in time order; a total drops those that left the window.

import (
	"errors"
	"time"
)

var ErrInvalidAmount = errors.New("the amount must be at least 1")

type Clock interface {
	Now() time.Time
}

type add struct {
	at     time.Time
	amount int
}

type Tally struct {
	clock  Clock
	window time.Duration
	adds   map[string][]add
}

func NewTally(clock Clock, window time.Duration) *Tally {
	return &Tally{clock: clock, window: window, adds: map[string][]add{}}
}

func (t *Tally) Add(key string, amount int) (int, error) {
	if amount < 1 {
		return 0, ErrInvalidAmount
	}
	t.adds[key] = append(t.adds[key], add{at: t.clock.Now(), amount: amount})
	return t.Total(key), nil
}

func (t *Tally) Total(key string) int {
	now := t.clock.Now()
	var live []add
	sum := 0
	for _, a := range t.adds[key] {
		if now.Before(a.at.Add(t.window)) {
			live = append(live, a)
			sum += a.amount
		}
	}
	if len(live) > 0 {
		t.adds[key] = live
	} else {
		delete(t.adds, key)
	}
	return sum
}
