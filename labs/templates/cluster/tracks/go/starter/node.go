// __LAB_TITLE__: your node. Every server in the cluster runs a copy of it. Read README.md for the contract.
// TEMPLATE: the starter names the handlers and marks with a TODO what each must do.
package main

type node struct {
	// State lives here, inside the node value: never in package-level variables (every node shares them).
}

func NewNode() Node { return &node{} }

func (n *node) Init(ctx Context) {
	// TODO: start a timer (ctx.SetTimer("gossip", 100)) for telling the other nodes what you know.
}

func (n *node) OnMessage(ctx Context, msg Message) {
	// TODO: answer write with write_ok, read with read_ok {value}, and take in what other nodes send you.
	ctx.Log("unhandled message %s", msg.Body.Type())
}

func (n *node) OnTimer(ctx Context, name string) {
	// TODO: send your value to the other nodes, and set the timer again.
}
