// Your node: every server in the cluster runs a copy of it. Read README.md for the contract.
package main

type node struct {
	// State lives here, inside the node value: never in package-level variables (every node shares them).
}

func NewNode() Node { return &node{} }

func (n *node) Init(ctx Context) {
	// TODO: restore what you persisted (ctx.Storage()) and start a timer (ctx.SetTimer("gossip", 100)).
}

func (n *node) OnMessage(ctx Context, msg Message) {
	// TODO: answer add with add_ok (after persisting what must survive a crash), read with read_ok {value},
	// and merge the state other nodes send you.
	ctx.Log("unhandled message %s", msg.Body.Type())
}

func (n *node) OnTimer(ctx Context, name string) {
	// TODO: send your state to the other nodes.
}
