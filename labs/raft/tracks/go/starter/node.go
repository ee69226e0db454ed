// Your Raft node: every server in the cluster runs a copy of it. Read README.md for the contract.
package main

// node holds this node's state: never use package-level variables (every node shares this process).
type node struct {
	// Persistent: currentTerm, votedFor, the log (write them to ctx.Storage() before replying).
	// Volatile: role, commit index, last applied, and on a leader nextIndex / matchIndex per follower.
}

// NewNode is called for each node at start and again after each restart (storage is kept).
func NewNode() Node {
	return &node{}
}

func (n *node) Init(ctx Context) {
	// TODO: restore term, vote and log from ctx.Storage(), then start a randomised election timer
	// (ctx.SetTimer("election", 300+int64(ctx.Random()*300))).
}

func (n *node) OnMessage(ctx Context, msg Message) {
	// TODO: request_vote / request_vote_ok, append_entries / append_entries_ok between nodes;
	// read, write and cas from clients (through the log, on the leader); raft_state for the grader.
	ctx.Log("unhandled message %s", msg.Body.Type())
}

func (n *node) OnTimer(ctx Context, name string) {
	// TODO: an election timeout starts an election; a leader's heartbeat timer sends append_entries.
}
