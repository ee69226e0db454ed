package main

// The saga orchestrator: runs steps forward, rolls back in reverse order, resumes from its log.

import (
	"errors"
	"sort"
	"sync"
)

type LogEntry struct {
	Saga, Type    string
	Step, Attempt int
}

type SagaLog interface {
	Append(e LogEntry)
	Entries(saga string) []LogEntry
}

type Step struct {
	Name       string
	Action     func() error
	Compensate func() error
}

type Outcome string

const (
	Completed   Outcome = "completed"
	Compensated Outcome = "compensated"
	Failed      Outcome = "failed"
)

var ErrAlreadyRunning = errors.New("saga is already running")

type Orchestrator struct {
	log         SagaLog
	maxAttempts int
	mu          sync.Mutex
	running     map[string]bool
}

func NewOrchestrator(log SagaLog, maxCompensationAttempts int) *Orchestrator {
	return &Orchestrator{log: log, maxAttempts: maxCompensationAttempts, running: map[string]bool{}}
}

func (o *Orchestrator) Run(saga string, steps []Step) (Outcome, error) {
	o.mu.Lock()
	if o.running[saga] {
		o.mu.Unlock()
		return "", ErrAlreadyRunning
	}
	o.running[saga] = true
	o.mu.Unlock()
	defer func() {
		o.mu.Lock()
		delete(o.running, saga)
		o.mu.Unlock()
	}()
	return o.drive(saga, steps), nil
}

func (o *Orchestrator) drive(saga string, steps []Step) Outcome {
	entries := o.log.Entries(saga)
	for _, e := range entries {
		switch e.Type {
		case "saga-done":
			return Completed
		case "saga-compensated":
			return Compensated
		case "saga-failed":
			return Failed
		}
	}
	done := map[int]bool{}
	interrupted := -1
	rollingBack := false
	for _, e := range entries {
		switch e.Type {
		case "step-started":
			interrupted = e.Step
		case "step-done":
			done[e.Step] = true
			interrupted = -1
		case "step-failed":
			rollingBack = true
			interrupted = -1
		default:
			rollingBack = true
		}
	}
	if interrupted >= 0 {
		rollingBack = true
		done[interrupted] = true
	}
	if rollingBack {
		return o.rollBack(saga, steps, done)
	}
	for i := len(done); i < len(steps); i++ {
		o.append(saga, "step-started", i, 1)
		if err := steps[i].Action(); err != nil {
			o.append(saga, "step-failed", i, 1)
			return o.rollBack(saga, steps, done)
		}
		o.append(saga, "step-done", i, 1)
		done[i] = true
	}
	o.append(saga, "saga-done", -1, 0)
	return Completed
}

func (o *Orchestrator) rollBack(saga string, steps []Step, toUndo map[int]bool) Outcome {
	entries := o.log.Entries(saga)
	order := make([]int, 0, len(toUndo))
	for i := range toUndo {
		order = append(order, i)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(order)))
	for _, i := range order {
		failures, attempt, finished := 0, 0, false
		for _, e := range entries {
			if e.Step != i {
				continue
			}
			switch e.Type {
			case "compensation-done":
				finished = true
			case "compensation-failed":
				failures++
			case "compensation-started":
				attempt++
			}
		}
		for !finished && failures < o.maxAttempts {
			attempt++
			o.append(saga, "compensation-started", i, attempt)
			if err := steps[i].Compensate(); err != nil {
				o.append(saga, "compensation-failed", i, attempt)
				failures++
				continue
			}
			o.append(saga, "compensation-done", i, attempt)
			finished = true
		}
		if !finished {
			o.append(saga, "saga-failed", -1, 0)
			return Failed
		}
	}
	o.append(saga, "saga-compensated", -1, 0)
	return Compensated
}

func (o *Orchestrator) append(saga, typ string, step, attempt int) {
	o.log.Append(LogEntry{Saga: saga, Type: typ, Step: step, Attempt: attempt})
}
