package main

// Provided driver: do not edit. The grader talks to your tally through it, one JSON object per line.
//
// TEMPLATE: a driver is only the table of operations that call the learner's code; the track's wire
// (package lab/wire, from labs/tracks/go/library/) reads requests, writes replies and owns the clock.
// Every request has "id" (echoed in its reply) and "op". Time is virtual: the tally gets this driver's
// clock, which moves only on "advance". Replies:
//   new {windowMs}        -> {ok:true}
//   add {key, amount}     -> {total} | {error:"invalid-amount", message}   (Add returned ErrInvalidAmount)
//   total {key}           -> {total}
//   advance {ms}          -> {ok:true, now}   now: ms since the driver started
// The wire answers an unknown op and a malformed line; a panic in your code -> {error:"exception", message}.
// stdout carries replies only: log to os.Stderr.

import (
	"errors"

	"lab/wire"
)

type request struct {
	WindowMs float64 `json:"windowMs"`
	Key      string  `json:"key"`
	Amount   int     `json:"amount"`
	Ms       float64 `json:"ms"`
}

func main() {
	clock := wire.NewClock()
	var tally *Tally
	need := func(op func(t *Tally, req request) wire.Reply) wire.Operation {
		return wire.With(func(req request) wire.Reply {
			if tally == nil {
				return wire.Reply{"error": "exception", "message": `no tally: send {"op":"new"} first`}
			}
			return op(tally, req)
		})
	}
	wire.Serve(map[string]wire.Operation{
		"new": wire.With(func(req request) wire.Reply {
			tally = NewTally(clock, wire.Millis(req.WindowMs))
			return wire.Reply{"ok": true}
		}),
		"add": need(func(t *Tally, req request) wire.Reply {
			total, err := t.Add(req.Key, req.Amount)
			if errors.Is(err, ErrInvalidAmount) {
				return wire.Reply{"error": "invalid-amount", "message": err.Error()}
			}
			if err != nil {
				return wire.Reply{"error": "exception", "message": err.Error()}
			}
			return wire.Reply{"total": total}
		}),
		"total": need(func(t *Tally, req request) wire.Reply {
			return wire.Reply{"total": t.Total(req.Key)}
		}),
		"advance": wire.With(func(req request) wire.Reply {
			return wire.Reply{"ok": true, "now": clock.Advance(wire.Millis(req.Ms)).Milliseconds()}
		}),
	})
}
