package main

// Reference Snowflake id generator.

import (
	"errors"
	"fmt"
	"sync"
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

const (
	nodeBits       = 10
	sequenceBits   = 12
	maxNode        = 1<<nodeBits - 1
	maxSequence    = 1<<sequenceBits - 1
	maxTimestamp   = 1<<41 - 1
	timestampShift = nodeBits + sequenceBits
)

type Generator struct {
	node    int64
	epochMs int64
	clock   Clock

	mu       sync.Mutex
	last     int64 // the timestamp of the last id; -1 before the first
	sequence int64
}

func New(o Options) (*Generator, error) {
	if o.Node < 0 || o.Node > maxNode {
		return nil, fmt.Errorf("%w: %d", ErrInvalidNode, o.Node)
	}
	clock := o.Clock
	if clock == nil {
		clock = SystemClock{}
	}
	g := &Generator{node: o.Node, epochMs: o.Epoch.UnixMilli(), clock: clock, last: -1}
	if err := checkRange(clock.Now().UnixMilli() - g.epochMs); err != nil {
		return nil, err
	}
	return g, nil
}

func (g *Generator) Next() (int64, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for {
		t := g.clock.Now().UnixMilli() - g.epochMs
		if g.last >= 0 && t < g.last {
			return 0, fmt.Errorf("%w by %d ms", ErrClockMovedBackwards, g.last-t)
		}
		if err := checkRange(t); err != nil {
			return 0, err
		}
		if t > g.last {
			g.sequence = 0
		} else if g.sequence < maxSequence {
			g.sequence++
		} else {
			// The millisecond is used up: wait for the next one, then look at the clock again.
			g.clock.Sleep(time.Duration(g.last+1-t) * time.Millisecond)
			continue
		}
		g.last = t
		return t<<timestampShift | g.node<<sequenceBits | g.sequence, nil
	}
}

func (g *Generator) Decode(id int64) (Parts, error) {
	if id < 0 {
		return Parts{}, fmt.Errorf("%w: %d is negative", ErrInvalidID, id)
	}
	return Parts{
		Timestamp: id>>timestampShift + g.epochMs,
		Node:      id >> sequenceBits & maxNode,
		Sequence:  id & maxSequence,
	}, nil
}

func checkRange(t int64) error {
	if t < 0 {
		return fmt.Errorf("%w by %d ms", ErrBeforeEpoch, -t)
	}
	if t > maxTimestamp {
		return fmt.Errorf("%w: %d ms since the epoch", ErrTimestampOverflow, t)
	}
	return nil
}
