package main

// Your Snowflake id generator. The contract is in README.md; driver.go (provided, do not edit) calls it.

import (
	"errors"
	"time"
)

// Clock is where the generator reads the time and waits.
type Clock interface {
	Now() time.Time
	Sleep(d time.Duration)
}

// SystemClock is the real clock: time.Now and time.Sleep.
type SystemClock struct{}

func (SystemClock) Now() time.Time        { return time.Now() }
func (SystemClock) Sleep(d time.Duration) { time.Sleep(d) }

type Options struct {
	Node  int64     // 0..1023
	Epoch time.Time // the custom epoch
	Clock Clock     // nil: SystemClock{}
}

// Parts is what an id holds; Timestamp is ms since the UNIX epoch (the id's timestamp plus the epoch).
type Parts struct {
	Timestamp int64
	Node      int64
	Sequence  int64
}

var (
	ErrInvalidNode         = errors.New("snowflake: node outside 0..1023")
	ErrBeforeEpoch         = errors.New("snowflake: the clock is before the epoch")
	ErrTimestampOverflow   = errors.New("snowflake: the timestamp does not fit in 41 bits")
	ErrClockMovedBackwards = errors.New("snowflake: the clock moved backwards")
	ErrInvalidID           = errors.New("snowflake: not a valid id")
)

type Generator struct {
	// TODO: the options, the last timestamp and sequence, and a lock.
}

// New checks the node, reads the clock once (before the epoch? beyond 41 bits?) and keeps the options.
func New(o Options) (*Generator, error) {
	// TODO
	_ = o
	return &Generator{}, nil
}

// Next returns the next id: timestamp << 22 | node << 12 | sequence.
func (g *Generator) Next() (int64, error) {
	// TODO: the steps of the contract: backwards, before the epoch, 41 bits, a new or the same
	// millisecond, a used-up millisecond (Sleep until the next one).
	return 0, errors.New("not implemented: Generator.Next")
}

// Decode returns the parts of an id; Timestamp in ms since the Unix epoch.
func (g *Generator) Decode(id int64) (Parts, error) {
	// TODO
	_ = id
	return Parts{}, errors.New("not implemented: Generator.Decode")
}
