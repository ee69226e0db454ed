package main

// The saga orchestrator: runs steps forward, rolls back in reverse order, resumes from its log.
// The contract is in README.md; the provided driver.go calls this file.

import (
	"errors"
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
}

func NewOrchestrator(log SagaLog, maxCompensationAttempts int) *Orchestrator {
	return &Orchestrator{log: log, maxAttempts: maxCompensationAttempts}
}

func (o *Orchestrator) Run(saga string, steps []Step) (Outcome, error) {
	// TODO: read this saga's entries, then go forward or roll back, appending before every call.
	return "", errors.New("not implemented")
}
