// Your node: every server in the cluster runs a copy of it. Read README.md for the contract.
package main

type node struct {
	// State lives here, inside the node: never in package-level variables (every node shares this process).
}

func NewNode() Node { return &node{} }

func (n *node) Init(ctx Context) {
	// TODO: build the ring from ctx.NodeIDs() (8 virtual nodes each, SHA-1 of "nX#i") and start the handoff timer.
}

func (n *node) OnMessage(ctx Context, msg Message) {
	// TODO: coordinate put and get (replicate / read to the key's 3 replicas, answer at W or R, hints at 150 ms,
	// error 11 at 500 ms, read repair), and serve replicate, read and repair as a replica.
	ctx.Log("unhandled message %s", msg.Body.Type())
}

func (n *node) OnTimer(ctx Context, name string) {
	// TODO: the per-request timers, and hand back the hints you hold every 200 ms.
}
