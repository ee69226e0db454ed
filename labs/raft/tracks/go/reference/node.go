// Raft (leader election, log replication, persistence) with a linearizable key-value store on top.
// Reads go through the log like writes, so a deposed leader can never answer one from a stale state.
package main

import (
	"encoding/json"
	"fmt"
)

const (
	heartbeatMs      = 50
	electionMinMs    = 300
	electionSpreadMs = 300
)

// op is a client request as the log keeps it: what to do, and whom to answer.
type op struct {
	Type      string `json:"type"`
	Key       any    `json:"key,omitempty"`
	Value     any    `json:"value,omitempty"`
	From      any    `json:"from,omitempty"`
	To        any    `json:"to,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	Client    string `json:"client"`
	MsgID     int    `json:"msg_id"`
}

type entry struct {
	Term int `json:"term"`
	Op   op  `json:"op"`
}

// persistedState is what storage keeps under "state"; VotedFor "" is no vote.
type persistedState struct {
	Term     int    `json:"term"`
	VotedFor string `json:"voted_for"`
}

// flight is the append_entries in flight to one peer: one at a time, so entries batch up.
type flight struct {
	msgID int
	at    int64
}

type node struct {
	// Persistent state (written to storage before any message that depends on it is sent).
	term     int
	votedFor string
	log      []entry // log[i-1] is the entry at index i

	// Volatile state.
	role        string
	commitIndex int
	lastApplied int
	votes       map[string]bool
	nextIndex   map[string]int
	matchIndex  map[string]int
	inFlight    map[string]flight
	pending     map[int]Message // log index -> the client request to answer when it is applied
	kv          map[string]any  // keyed by the key's JSON
	results     map[string]Body // request_id -> the reply it got when first applied
}

func NewNode() Node {
	return &node{
		role: "follower", votes: map[string]bool{}, nextIndex: map[string]int{}, matchIndex: map[string]int{},
		inFlight: map[string]flight{}, pending: map[int]Message{}, kv: map[string]any{}, results: map[string]Body{},
	}
}

func (n *node) lastIndex() int { return len(n.log) }

func (n *node) termAt(i int) int {
	if i == 0 {
		return 0
	}
	return n.log[i-1].Term
}

func majority(ctx Context) int { return len(ctx.NodeIDs())/2 + 1 }

func peers(ctx Context) []string {
	var out []string
	for _, id := range ctx.NodeIDs() {
		if id != ctx.ID() {
			out = append(out, id)
		}
	}
	return out
}

func entryKey(index int) string { return fmt.Sprintf("log/%d", index) }

func (n *node) saveState(ctx Context) {
	ctx.Storage().Set("state", persistedState{Term: n.term, VotedFor: n.votedFor})
}
func (n *node) saveEntry(ctx Context, index int) { ctx.Storage().Set(entryKey(index), n.log[index-1]) }
func (n *node) saveLength(ctx Context)           { ctx.Storage().Set("log_length", len(n.log)) }

func (n *node) resetElectionTimer(ctx Context) {
	ctx.SetTimer("election", electionMinMs+int64(ctx.Random()*electionSpreadMs))
}

// observeTerm makes this node a follower of any newer term a message carries.
func (n *node) observeTerm(ctx Context, seen int) {
	if seen <= n.term {
		return
	}
	n.term = seen
	n.votedFor = ""
	n.saveState(ctx)
	if n.role == "leader" {
		ctx.CancelTimer("heartbeat")
		n.resetElectionTimer(ctx)
	}
	n.role = "follower"
}

func (n *node) startElection(ctx Context) {
	n.role = "candidate"
	n.term++
	n.votedFor = ctx.ID()
	n.saveState(ctx)
	n.votes = map[string]bool{ctx.ID(): true}
	n.resetElectionTimer(ctx)
	for _, peer := range peers(ctx) {
		ctx.Send(peer, Body{"type": "request_vote", "term": n.term, "candidate_id": ctx.ID(),
			"last_log_index": n.lastIndex(), "last_log_term": n.termAt(n.lastIndex())})
	}
}

func (n *node) becomeLeader(ctx Context) {
	n.role = "leader"
	n.inFlight = map[string]flight{}
	ctx.CancelTimer("election")
	for _, peer := range peers(ctx) {
		n.nextIndex[peer] = n.lastIndex() + 1
		n.matchIndex[peer] = 0
	}
	n.heartbeat(ctx)
}

// heartbeat reaches every peer without a message in flight, and resends to one whose message got no answer for long.
func (n *node) heartbeat(ctx Context) {
	for _, peer := range peers(ctx) {
		sent, ok := n.inFlight[peer]
		if !ok || ctx.Now()-sent.at >= 2*heartbeatMs {
			n.sendAppend(ctx, peer)
		}
	}
	ctx.SetTimer("heartbeat", heartbeatMs)
}

// sendAppend sends every entry the peer lacks in one message.
func (n *node) sendAppend(ctx Context, peer string) {
	prev := n.nextIndex[peer] - 1
	id := ctx.Send(peer, Body{"type": "append_entries", "term": n.term, "leader_id": ctx.ID(),
		"prev_log_index": prev, "prev_log_term": n.termAt(prev), "entries": n.log[prev:], "leader_commit": n.commitIndex})
	n.inFlight[peer] = flight{msgID: id, at: ctx.Now()}
}

func (n *node) replicate(ctx Context) {
	for _, peer := range peers(ctx) {
		if _, busy := n.inFlight[peer]; !busy {
			n.sendAppend(ctx, peer)
		}
	}
}

// advanceCommit commits the highest index of this term that a majority holds (never an older term's entry by counting).
func (n *node) advanceCommit(ctx Context) {
	for i := n.lastIndex(); i > n.commitIndex && n.termAt(i) == n.term; i-- {
		count := 1
		for _, peer := range peers(ctx) {
			if n.matchIndex[peer] >= i {
				count++
			}
		}
		if count >= majority(ctx) {
			n.commitIndex = i
			n.apply(ctx)
			return
		}
	}
}

func (n *node) apply(ctx Context) {
	for n.lastApplied < n.commitIndex {
		n.lastApplied++
		o := n.log[n.lastApplied-1].Op
		result := n.execute(o)
		request, ok := n.pending[n.lastApplied]
		delete(n.pending, n.lastApplied)
		if ok && request.Src == o.Client && request.Body.MsgID() == o.MsgID {
			ctx.Reply(request, result)
		}
	}
}

func jsonOf(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

func keyMissing() Body { return Body{"type": "error", "code": 20, "text": "key does not exist"} }

// execute is the state machine: a request id seen before gets its first reply again and changes nothing.
func (n *node) execute(o op) Body {
	if o.RequestID != "" {
		if earlier, seen := n.results[o.RequestID]; seen {
			return earlier
		}
	}
	key := jsonOf(o.Key)
	current, exists := n.kv[key]
	var result Body
	switch {
	case o.Type == "read" && exists:
		result = Body{"type": "read_ok", "value": current}
	case o.Type == "read":
		result = keyMissing()
	case o.Type == "write":
		n.kv[key] = o.Value
		result = Body{"type": "write_ok"}
	case !exists:
		result = keyMissing()
	case jsonOf(current) != jsonOf(o.From):
		result = Body{"type": "error", "code": 22, "text": "current value differs from 'from'"}
	default:
		n.kv[key] = o.To
		result = Body{"type": "cas_ok"}
	}
	if o.RequestID != "" {
		n.results[o.RequestID] = result
	}
	return result
}

func (n *node) onClientRequest(ctx Context, msg Message) {
	if n.role != "leader" {
		ctx.Reply(msg, Body{"type": "error", "code": 11, "text": "not the leader"})
		return
	}
	b := msg.Body
	if earlier, seen := n.results[b.String("request_id")]; seen && b.String("request_id") != "" {
		ctx.Reply(msg, earlier)
		return
	}
	o := op{Type: b.Type(), Key: b["key"], Value: b["value"], From: b["from"], To: b["to"],
		RequestID: b.String("request_id"), Client: msg.Src, MsgID: b.MsgID()}
	n.log = append(n.log, entry{Term: n.term, Op: o})
	n.saveEntry(ctx, n.lastIndex())
	n.saveLength(ctx)
	n.pending[n.lastIndex()] = msg
	if len(ctx.NodeIDs()) == 1 {
		n.advanceCommit(ctx)
	}
	n.replicate(ctx)
}

func (n *node) onRequestVote(ctx Context, msg Message) {
	b := msg.Body
	n.observeTerm(ctx, b.Int("term"))
	candidate := b.String("candidate_id")
	lastTerm, lastIndex := b.Int("last_log_term"), b.Int("last_log_index")
	upToDate := lastTerm > n.termAt(n.lastIndex()) || (lastTerm == n.termAt(n.lastIndex()) && lastIndex >= n.lastIndex())
	granted := b.Int("term") == n.term && (n.votedFor == "" || n.votedFor == candidate) && upToDate
	if granted {
		n.votedFor = candidate
		n.saveState(ctx)
		n.resetElectionTimer(ctx)
	}
	ctx.Reply(msg, Body{"type": "request_vote_ok", "term": n.term, "vote_granted": granted})
}

func (n *node) onVote(ctx Context, msg Message) {
	b := msg.Body
	n.observeTerm(ctx, b.Int("term"))
	granted, _ := b["vote_granted"].(bool)
	if n.role != "candidate" || b.Int("term") != n.term || !granted {
		return
	}
	n.votes[msg.Src] = true
	if len(n.votes) >= majority(ctx) {
		n.becomeLeader(ctx)
	}
}

func refuse(ctx Context, msg Message, term, conflictIndex int) {
	ctx.Reply(msg, Body{"type": "append_entries_ok", "term": term, "success": false, "conflict_index": conflictIndex})
}

func (n *node) onAppendEntries(ctx Context, msg Message) {
	b := msg.Body
	n.observeTerm(ctx, b.Int("term"))
	if b.Int("term") < n.term {
		refuse(ctx, msg, n.term, 0)
		return
	}
	n.role = "follower" // a candidate of this term yields to its leader
	n.resetElectionTimer(ctx)
	prev := b.Int("prev_log_index")
	if prev > n.lastIndex() {
		refuse(ctx, msg, n.term, n.lastIndex()+1)
		return
	}
	if n.termAt(prev) != b.Int("prev_log_term") {
		// Skip back over the whole conflicting term at once (the fast back-up).
		first := prev
		for first > 1 && n.termAt(first-1) == n.termAt(prev) {
			first--
		}
		refuse(ctx, msg, n.term, first)
		return
	}
	var entries []entry
	if err := b.Decode("entries", &entries); err != nil {
		ctx.Log("malformed entries from %s: %v", msg.Src, err)
		return
	}
	changed := false
	for k, e := range entries {
		index := prev + 1 + k
		if index <= n.lastIndex() && n.termAt(index) == e.Term {
			continue
		}
		if index <= n.lastIndex() { // a conflict: drop this entry and everything after it
			for i := index; i <= n.lastIndex(); i++ {
				ctx.Storage().Delete(entryKey(i))
				delete(n.pending, i)
			}
			n.log = n.log[:index-1]
		}
		n.log = append(n.log, e)
		n.saveEntry(ctx, index)
		changed = true
	}
	if changed {
		n.saveLength(ctx)
	}
	match := prev + len(entries)
	if leaderCommit := b.Int("leader_commit"); leaderCommit > n.commitIndex {
		n.commitIndex = max(n.commitIndex, min(leaderCommit, match))
		n.apply(ctx)
	}
	ctx.Reply(msg, Body{"type": "append_entries_ok", "term": n.term, "success": true, "match_index": match})
}

func (n *node) onAppendReply(ctx Context, msg Message) {
	b := msg.Body
	n.observeTerm(ctx, b.Int("term"))
	peer := msg.Src
	if _, known := n.nextIndex[peer]; n.role != "leader" || b.Int("term") != n.term || !known {
		return
	}
	// A late or duplicated answer still counts for matchIndex, but only the answer to the latest send sends more.
	sent, ok := n.inFlight[peer]
	latest := ok && sent.msgID == b.InReplyTo()
	if latest {
		delete(n.inFlight, peer)
	}
	success, _ := b["success"].(bool)
	if success {
		match := max(n.matchIndex[peer], b.Int("match_index"))
		n.matchIndex[peer] = match
		n.nextIndex[peer] = match + 1
		n.advanceCommit(ctx)
	} else {
		n.nextIndex[peer] = max(n.matchIndex[peer]+1, min(n.nextIndex[peer], b.Int("conflict_index")))
	}
	if latest && (n.nextIndex[peer] <= n.lastIndex() || !success) {
		n.sendAppend(ctx, peer)
	}
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func max(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func (n *node) Init(ctx Context) {
	var state persistedState
	if ctx.Storage().Get("state", &state) {
		n.term, n.votedFor = state.Term, state.VotedFor
	}
	length := 0
	ctx.Storage().Get("log_length", &length)
	for i := 1; i <= length; i++ {
		var e entry
		ctx.Storage().Get(entryKey(i), &e)
		n.log = append(n.log, e)
	}
	n.resetElectionTimer(ctx)
}

func (n *node) OnMessage(ctx Context, msg Message) {
	switch msg.Body.Type() {
	case "request_vote":
		n.onRequestVote(ctx, msg)
	case "request_vote_ok":
		n.onVote(ctx, msg)
	case "append_entries":
		n.onAppendEntries(ctx, msg)
	case "append_entries_ok":
		n.onAppendReply(ctx, msg)
	case "read", "write", "cas":
		n.onClientRequest(ctx, msg)
	case "raft_state":
		ctx.Reply(msg, Body{"type": "raft_state_ok", "role": n.role, "term": n.term, "commit_index": n.commitIndex,
			"log_length": n.lastIndex(), "last_log_term": n.termAt(n.lastIndex())})
	default:
		ctx.Log("unknown message type %q", msg.Body.Type())
	}
}

func (n *node) OnTimer(ctx Context, name string) {
	if name == "heartbeat" && n.role == "leader" {
		n.heartbeat(ctx)
	}
	if name == "election" && n.role != "leader" {
		n.startElection(ctx)
	}
}
