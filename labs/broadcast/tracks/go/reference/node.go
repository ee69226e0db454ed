// Gossip broadcast: a star (the first node is the hub), batched per tick, acknowledged and retried.
package main

import (
	"math"
	"sort"
)

// One batch per neighbour every tickMs; a value unacknowledged for retryMs is sent again.
const (
	tickMs  = 100
	retryMs = 300
)

type node struct {
	seen  map[int]bool
	order []int // read lists values in arrival order
	// per neighbour (in neighbours order): value -> when it was last sent (math.MinInt64: not yet)
	neighbours []string
	pending    map[string]map[int]int64
}

func NewNode() Node { return &node{seen: map[int]bool{}, pending: map[string]map[int]int64{}} }

func (n *node) Init(ctx Context) {
	ids := ctx.NodeIDs()
	if ctx.ID() == ids[0] {
		n.neighbours = append([]string(nil), ids[1:]...)
	} else {
		n.neighbours = []string{ids[0]}
	}
	for _, id := range n.neighbours {
		n.pending[id] = map[int]int64{}
	}
	ctx.SetTimer("tick", 1+int64(ctx.Random()*tickMs))
}

// learn records the values that are new and queues them for every neighbour except the one they came from.
func (n *node) learn(values []int, from string) {
	for _, v := range values {
		if n.seen[v] {
			continue
		}
		n.seen[v] = true
		n.order = append(n.order, v)
		for _, id := range n.neighbours {
			if id != from {
				n.pending[id][v] = math.MinInt64
			}
		}
	}
}

func (n *node) OnMessage(ctx Context, msg Message) {
	switch msg.Body.Type() {
	case "broadcast":
		n.learn([]int{msg.Body.Int("message")}, "")
		ctx.Reply(msg, Body{"type": "broadcast_ok"})
	case "read":
		ctx.Reply(msg, Body{"type": "read_ok", "messages": append([]int{}, n.order...)})
	case "topology":
		ctx.Reply(msg, Body{"type": "topology_ok"}) // our own star serves better than the suggestion
	case "gossip":
		var values []int
		if err := msg.Body.Decode("messages", &values); err != nil {
			ctx.Log("bad gossip from %s: %v", msg.Src, err)
			return
		}
		n.learn(values, msg.Src)
		ctx.Reply(msg, Body{"type": "gossip_ok", "messages": values})
	case "gossip_ok":
		var values []int
		if err := msg.Body.Decode("messages", &values); err != nil {
			return
		}
		for _, v := range values {
			delete(n.pending[msg.Src], v)
		}
	}
}

func (n *node) OnTimer(ctx Context, name string) {
	if name != "tick" {
		return
	}
	now := ctx.Now()
	for _, id := range n.neighbours {
		var due []int
		for v, sentAt := range n.pending[id] {
			if sentAt == math.MinInt64 || now-sentAt >= retryMs {
				due = append(due, v)
			}
		}
		if len(due) == 0 {
			continue
		}
		sort.Ints(due) // map order is random: sort before it reaches a message
		for _, v := range due {
			n.pending[id][v] = now
		}
		ctx.Send(id, Body{"type": "gossip", "messages": due})
	}
	ctx.SetTimer("tick", tickMs)
}
