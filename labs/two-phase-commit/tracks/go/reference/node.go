// Two-phase commit with presumed abort: n1 coordinates, every other node is a participant. Each node writes
// its state of a transaction to storage (txn/<id>) before any message that depends on it leaves.
package main

import (
	"fmt"
	"sort"
	"strings"
)

const (
	coordinator = "n1"
	// The coordinator decides aborted when a vote is still missing this long after commit arrived.
	voteTimeoutMs = 500
	// A prepared participant with no decision asks the coordinator and its peers this often.
	askMs                 = 200
	codeAborted           = 14
	codeTemporarilyAbsent = 11
)

// record is what a node keeps of a transaction in storage under txn/<id>.
type record struct {
	State        string         `json:"state"`
	Writes       map[string]any `json:"writes,omitempty"`
	Participants []string       `json:"participants,omitempty"`
}

// collecting is a commit the coordinator gathers votes for (volatile: presumed abort covers a crash).
type collecting struct {
	request      Message
	participants []string
	yes          map[string]bool
}

type node struct {
	working    map[string]map[string]any // a participant's writes before prepare (volatile)
	collecting map[string]*collecting
}

func NewNode() Node {
	return &node{working: map[string]map[string]any{}, collecting: map[string]*collecting{}}
}

func key(txn string) string { return "txn/" + txn }

func recordOf(ctx Context, txn string) (record, bool) {
	var r record
	ok := ctx.Storage().Get(key(txn), &r)
	return r, ok
}

func decided(r record, ok bool) bool { return ok && r.State != "prepared" }

// decide records a final state; a participant committing applies its writes in the same step.
func (n *node) decide(ctx Context, txn, state string) {
	r, ok := recordOf(ctx, txn)
	if decided(r, ok) {
		return
	}
	if state == "committed" {
		keys := make([]string, 0, len(r.Writes))
		for k := range r.Writes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ctx.Storage().Set("data/"+k, r.Writes[k])
		}
	}
	r.State = state
	ctx.Storage().Set(key(txn), r)
	delete(n.working, txn)
	ctx.CancelTimer("ask " + txn)
}

// The coordinator's side.

func (n *node) finish(ctx Context, txn, state string) {
	c, ok := n.collecting[txn]
	if !ok {
		return
	}
	delete(n.collecting, txn)
	ctx.CancelTimer("votes " + txn)
	ctx.Storage().Set(key(txn), record{State: state}) // logged before anyone hears of it
	for _, p := range c.participants {
		ctx.Send(p, map[string]any{"type": "decision", "txn": txn, "outcome": state})
	}
	if state == "committed" {
		ctx.Reply(c.request, map[string]any{"type": "commit_ok", "txn": txn})
	} else {
		ctx.Reply(c.request, map[string]any{"type": "error", "code": codeAborted, "text": fmt.Sprintf("transaction %s aborted", txn)})
	}
}

func (n *node) onCoordinator(ctx Context, msg Message) {
	txn := msg.Body.String("txn")
	switch msg.Body.Type() {
	case "commit":
		var participants []string
		_ = msg.Body.Decode("participants", &participants)
		n.collecting[txn] = &collecting{request: msg, participants: participants, yes: map[string]bool{}}
		for _, p := range participants {
			ctx.Send(p, map[string]any{"type": "prepare", "txn": txn, "participants": participants})
		}
		ctx.SetTimer("votes "+txn, voteTimeoutMs)
	case "vote":
		c, ok := n.collecting[txn]
		if !ok {
			return // late: already decided
		}
		if msg.Body.String("vote") != "yes" {
			n.finish(ctx, txn, "aborted")
			return
		}
		c.yes[msg.Src] = true
		for _, p := range c.participants {
			if !c.yes[p] {
				return
			}
		}
		n.finish(ctx, txn, "committed")
	case "decision_request":
		if _, ok := n.collecting[txn]; ok {
			return // still collecting: no decision to give yet
		}
		r, ok := recordOf(ctx, txn)
		if !ok { // presumed abort: no record means it was never committed, and now never will be
			r = record{State: "aborted"}
			ctx.Storage().Set(key(txn), r)
		}
		ctx.Reply(msg, map[string]any{"type": "decision", "txn": txn, "outcome": r.State})
	}
}

// The participants' side.

func (n *node) ask(ctx Context, txn string) {
	r, ok := recordOf(ctx, txn)
	if !ok || decided(r, ok) {
		return
	}
	for _, peer := range append([]string{coordinator}, r.Participants...) {
		if peer != ctx.ID() {
			ctx.Send(peer, map[string]any{"type": "decision_request", "txn": txn})
		}
	}
	ctx.SetTimer("ask "+txn, askMs)
}

func (n *node) onParticipant(ctx Context, msg Message) {
	txn := msg.Body.String("txn")
	switch msg.Body.Type() {
	case "write":
		writes := n.working[txn]
		if writes == nil {
			writes = map[string]any{}
			n.working[txn] = writes
		}
		writes[msg.Body.String("key")] = msg.Body["value"]
		ctx.Reply(msg, map[string]any{"type": "write_ok"})
	case "read":
		k := msg.Body.String("key")
		for _, name := range ctx.Storage().Keys() {
			if !strings.HasPrefix(name, "txn/") {
				continue
			}
			var r record
			ctx.Storage().Get(name, &r)
			if _, writes := r.Writes[k]; r.State == "prepared" && writes {
				ctx.Reply(msg, map[string]any{"type": "error", "code": codeTemporarilyAbsent,
					"text": fmt.Sprintf("%s is written by %s, prepared and in doubt: blocked until its decision is known", k, name[4:])})
				return
			}
		}
		var value any
		ctx.Storage().Get("data/"+k, &value)
		ctx.Reply(msg, map[string]any{"type": "read_ok", "value": value})
	case "prepare":
		if r, ok := recordOf(ctx, txn); ok {
			vote := "yes"
			if r.State == "aborted" {
				vote = "no"
			}
			ctx.Reply(msg, map[string]any{"type": "vote", "txn": txn, "vote": vote})
			return
		}
		writes, ok := n.working[txn]
		if !ok { // nothing of it here (never written, or lost in a crash): refuse
			n.decide(ctx, txn, "aborted")
			ctx.Reply(msg, map[string]any{"type": "vote", "txn": txn, "vote": "no"})
			return
		}
		var participants []string
		_ = msg.Body.Decode("participants", &participants)
		ctx.Storage().Set(key(txn), record{State: "prepared", Writes: writes, Participants: participants})
		delete(n.working, txn)
		ctx.Reply(msg, map[string]any{"type": "vote", "txn": txn, "vote": "yes"})
		ctx.SetTimer("ask "+txn, askMs)
	case "decision":
		if msg.Body.String("outcome") == "committed" {
			n.decide(ctx, txn, "committed")
		} else {
			n.decide(ctx, txn, "aborted")
		}
	case "decision_request": // a peer in doubt (cooperative termination)
		r, ok := recordOf(ctx, txn)
		if ok && r.State == "prepared" {
			return // in doubt too: nothing to tell
		}
		if !ok { // not voted yet: free to refuse, and then it must
			n.decide(ctx, txn, "aborted")
			r, _ = recordOf(ctx, txn)
		}
		ctx.Reply(msg, map[string]any{"type": "decision", "txn": txn, "outcome": r.State})
	}
}

func (n *node) Init(ctx Context) {
	if ctx.ID() == coordinator {
		return
	}
	// Back from a crash in doubt: resume asking.
	for _, name := range ctx.Storage().Keys() {
		var r record
		if strings.HasPrefix(name, "txn/") && ctx.Storage().Get(name, &r) && r.State == "prepared" {
			ctx.SetTimer("ask "+name[4:], askMs)
		}
	}
}

func (n *node) OnMessage(ctx Context, msg Message) {
	if ctx.ID() == coordinator {
		n.onCoordinator(ctx, msg)
	} else {
		n.onParticipant(ctx, msg)
	}
}

func (n *node) OnTimer(ctx Context, name string) {
	kind, txn, _ := strings.Cut(name, " ")
	switch kind {
	case "votes":
		n.finish(ctx, txn, "aborted")
	case "ask":
		n.ask(ctx, txn)
	}
}
