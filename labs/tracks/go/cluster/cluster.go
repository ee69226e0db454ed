// Provided by sysdesign-lab: do not edit. The node contract of every cluster lab.
//
// You write ONE node as an event-driven state machine: `func NewNode() Node` in node.go. The grader
// simulates the whole cluster: it owns the clock (virtual milliseconds) and the network (latency, loss,
// duplication, reordering, partitions) and calls your methods one at a time, from one goroutine. Nothing
// else runs: no goroutines, no sleeps, no time.Now, no math/rand, no I/O. Everything a node does goes
// through the Context, which is what makes every run replay exactly from its seed. Ranging over a Go map
// visits keys in a random order: sort the keys before the order can reach a message or a timer.
//
// Messages have Maelstrom's shape: {src, dest, body: {type, msg_id?, in_reply_to?, ...}}. Servers are
// n1, n2, …; clients are c1, c2, …. A crash loses everything but ctx.Storage(); on restart NewNode() is
// called again and Init runs again with the storage as it was persisted.
package main

import (
	"encoding/json"
	"fmt"
)

// Body is a message body as decoded JSON: numbers are float64, arrays []any, objects map[string]any.
// Use the typed getters, or msg.Decode(&yourStruct) to read it into a struct with json tags.
type Body map[string]any

// Type is the body's "type".
func (b Body) Type() string { s, _ := b["type"].(string); return s }

// MsgID is the body's "msg_id" (0 when absent).
func (b Body) MsgID() int { return b.Int("msg_id") }

// InReplyTo is the body's "in_reply_to" (0 when absent).
func (b Body) InReplyTo() int { return b.Int("in_reply_to") }

// Has reports whether the field is present.
func (b Body) Has(key string) bool { _, ok := b[key]; return ok }

// Int reads a number field as an int (0 when absent or not a number).
func (b Body) Int(key string) int { f, _ := b[key].(float64); return int(f) }

// Float reads a number field (0 when absent or not a number).
func (b Body) Float(key string) float64 { f, _ := b[key].(float64); return f }

// String reads a string field ("" when absent or not a string).
func (b Body) String(key string) string { s, _ := b[key].(string); return s }

// Decode reads one field into out (a pointer), e.g. var ids []int; body.Decode("messages", &ids).
func (b Body) Decode(key string, out any) error {
	v, ok := b[key]
	if !ok {
		return fmt.Errorf("field %q is missing", key)
	}
	return remarshal(v, out)
}

// Message is one message on the simulated network.
type Message struct {
	Src  string `json:"src"`
	Dest string `json:"dest"`
	Body Body   `json:"body"`
}

// Decode reads the whole body into out (a pointer to a struct with json tags).
func (m Message) Decode(out any) error { return remarshal(m.Body, out) }

// Storage is durable: it survives a crash. Values are stored as JSON, so later edits never leak in.
type Storage interface {
	// Get decodes the value stored under key into out (a pointer); false when there is none.
	Get(key string, out any) bool
	// Set stores value (anything encoding/json can marshal) under key.
	Set(key string, value any)
	Delete(key string)
	// Keys returns the stored keys, sorted.
	Keys() []string
}

// Context is what a node may use. The same value is passed to every call of one node's life.
type Context interface {
	// ID is this node's id, e.g. "n3".
	ID() string
	// NodeIDs is every server node's id, this one included, in order: n1, n2, …
	NodeIDs() []string
	// Now is virtual time in ms since the cluster started. It moves only between calls.
	Now() int64
	// Send sends body (a Body, a map or a struct with json tags; it must have a "type") to a node or a
	// client, and returns its msg_id: the body's own, or a fresh one the runtime adds.
	Send(dest string, body any) int
	// Reply answers request: sends body to its Src with in_reply_to set to its msg_id.
	Reply(request Message, body any) int
	// SetTimer makes the runtime call OnTimer(ctx, name) after ms virtual ms (at least 1). Setting a name
	// that is pending replaces it. Timers are volatile: a crash cancels them all.
	SetTimer(name string, ms int64)
	// CancelTimer cancels the pending timer of that name, if any.
	CancelTimer(name string)
	// Random is a float in [0, 1) from this node's seeded generator: the only randomness a node may use.
	Random() float64
	// Storage is this node's durable storage.
	Storage() Storage
	// Log writes a line to the grader's log of this node (shown with failures); never on stdout.
	Log(format string, args ...any)
}

// Node is your node. Methods run to completion, one at a time; state lives in the value NewNode returns.
type Node interface {
	// Init runs once when the node starts, and again after each restart (storage kept, all else new).
	Init(ctx Context)
	// OnMessage runs for every message delivered to this node: client requests and node messages alike.
	OnMessage(ctx Context, msg Message)
	// OnTimer runs when a timer set with ctx.SetTimer fires.
	OnTimer(ctx Context, name string)
}

func remarshal(v any, out any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, out)
}
