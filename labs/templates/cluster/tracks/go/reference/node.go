// Reference solution: the largest value seen, raised by writes and by gossip, sent whole to every peer on a timer.
package main

const gossipMs = 100

type node struct {
	largest int
}

func NewNode() Node { return &node{} }

func (n *node) raise(value int) {
	if value > n.largest {
		n.largest = value
	}
}

func (n *node) Init(ctx Context) {
	// A random first tick, so the nodes do not all gossip at the same instant.
	ctx.SetTimer("gossip", 1+int64(ctx.Random()*gossipMs))
}

func (n *node) OnMessage(ctx Context, msg Message) {
	switch msg.Body.Type() {
	case "write":
		n.raise(msg.Body.Int("value"))
		ctx.Reply(msg, Body{"type": "write_ok"})
	case "read":
		ctx.Reply(msg, Body{"type": "read_ok", "value": n.largest})
	case "gossip":
		n.raise(msg.Body.Int("value"))
	}
}

func (n *node) OnTimer(ctx Context, name string) {
	if name != "gossip" {
		return
	}
	for _, peer := range ctx.NodeIDs() {
		if peer != ctx.ID() {
			ctx.Send(peer, Body{"type": "gossip", "value": n.largest})
		}
	}
	ctx.SetTimer("gossip", gossipMs)
}
