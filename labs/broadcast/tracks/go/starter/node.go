// Your node: every server in the cluster runs a copy of it. Read README.md for the contract.
package main

type node struct {
	// State lives here, inside the node value: never in package-level variables (every node shares them).
}

func NewNode() Node { return &node{} }

func (n *node) Init(ctx Context) {
	// TODO: set up what your node needs (a timer, for instance: ctx.SetTimer("tick", 100)).
}

func (n *node) OnMessage(ctx Context, msg Message) {
	// TODO: answer broadcast with broadcast_ok, read with read_ok {messages}, topology with topology_ok,
	// and spread every value to every other node.
	ctx.Log("unhandled message %s", msg.Body.Type())
}

func (n *node) OnTimer(ctx Context, name string) {
	// TODO: periodic work (resending what was not acknowledged, batching).
}
