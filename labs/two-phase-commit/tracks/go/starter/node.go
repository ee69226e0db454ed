// Your node: every server in the cluster runs a copy of it. n1 is the coordinator, the others are
// participants. Read README.md for the contract.
package main

// node holds this node's state: never use package-level variables (every node shares this process).
type node struct {
	// TODO: the coordinator's votes being collected; a participant's writes before prepare.
}

// NewNode is called for each node at start and again after each restart (storage is kept).
func NewNode() Node {
	return &node{}
}

func (n *node) Init(ctx Context) {
	// TODO: a participant back from a crash resumes asking about every transaction it recorded prepared.
}

func (n *node) OnMessage(ctx Context, msg Message) {
	// TODO coordinator (n1): commit → prepare to each participant; collect the votes; record the decision in
	// storage (txn/<id>), then send it and answer the client; answer decision_request.
	// TODO participant: write, read, prepare (record prepared, then vote), decision, decision_request.
	ctx.Log("unhandled message %s", msg.Body.Type())
}

func (n *node) OnTimer(ctx Context, name string) {
	// TODO: the coordinator's vote timeout; a participant in doubt asking for the decision.
}
