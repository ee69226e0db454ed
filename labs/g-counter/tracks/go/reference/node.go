// A PN-counter CRDT: per-node increments and decrements, merged by max, gossiped whole on a timer.
package main

const gossipMs = 100

// ownKey holds the only state that must survive a crash: this node's own two entries, written before add_ok.
const ownKey = "own"

type ownEntries struct {
	Inc int `json:"inc"`
	Dec int `json:"dec"`
}

type node struct {
	inc map[string]int // what each node added
	dec map[string]int // what each node subtracted, as a positive number
}

func NewNode() Node { return &node{inc: map[string]int{}, dec: map[string]int{}} }

func (n *node) Init(ctx Context) {
	var own ownEntries
	if ctx.Storage().Get(ownKey, &own) {
		n.inc[ctx.ID()] = own.Inc
		n.dec[ctx.ID()] = own.Dec
	}
	ctx.SetTimer("gossip", 1+int64(ctx.Random()*gossipMs))
}

func merge(into map[string]int, from map[string]int) {
	for id, v := range from {
		if v > into[id] {
			into[id] = v
		}
	}
}

func sum(counts map[string]int) int {
	total := 0
	for _, v := range counts {
		total += v
	}
	return total
}

func (n *node) OnMessage(ctx Context, msg Message) {
	switch msg.Body.Type() {
	case "add":
		delta := msg.Body.Int("delta")
		if delta >= 0 {
			n.inc[ctx.ID()] += delta
		} else {
			n.dec[ctx.ID()] -= delta
		}
		ctx.Storage().Set(ownKey, ownEntries{Inc: n.inc[ctx.ID()], Dec: n.dec[ctx.ID()]})
		ctx.Reply(msg, Body{"type": "add_ok"})
	case "read":
		ctx.Reply(msg, Body{"type": "read_ok", "value": sum(n.inc) - sum(n.dec)})
	case "state":
		var state struct {
			Inc map[string]int `json:"inc"`
			Dec map[string]int `json:"dec"`
		}
		if err := msg.Decode(&state); err != nil {
			ctx.Log("bad state from %s: %v", msg.Src, err)
			return
		}
		merge(n.inc, state.Inc)
		merge(n.dec, state.Dec)
	}
}

func (n *node) OnTimer(ctx Context, name string) {
	if name != "gossip" {
		return
	}
	for _, peer := range ctx.NodeIDs() {
		if peer != ctx.ID() {
			// encoding/json writes map keys sorted, so the message is the same on every replay
			ctx.Send(peer, Body{"type": "state", "inc": n.inc, "dec": n.dec})
		}
	}
	ctx.SetTimer("gossip", gossipMs)
}
