// Provided by sysdesign-lab: do not edit. Hosts every node of a simulated cluster in this one process.
//
// The grader owns the clock and the network and talks to this driver over stdin/stdout, one JSON object
// per line (the wire is documented in the grader, src/grader/cluster/wire.ts):
//
//	{"cmd":"reset","nodes":["n1",…],"seed":N}        -> {"ok":true}
//	{"cmd":"run","until":T,"events":[…],"forget":[…]}  -> {"done":[…],"next":T2|null}
//
// A run hands over every event before virtual time T (deliveries, inits, crashes); the driver calls the
// handlers in time order, firing the nodes' own timers that fall before T in between, and answers with what
// each call did (messages sent, storage written, lines logged, a panic). Sent messages are kept here and
// numbered 1, 2, … so the grader can deliver them by number ("ref") until it says to forget them. stdout is
// the wire: fmt.Print* output goes to stderr.
package main

import (
	"bufio"
	"container/heap"
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"sort"
	"strings"
)

type event struct {
	At   int64    `json:"at"`
	Node string   `json:"node"`
	Do   string   `json:"do"`
	Msg  *Message `json:"msg,omitempty"`
	Ref  int      `json:"ref,omitempty"`
}

type keptMessage struct {
	src, dest string
	body      json.RawMessage
}

type sent struct {
	Dest string          `json:"dest"`
	Body json.RawMessage `json:"body"`
}

type done struct {
	At    int64    `json:"at"`
	Node  string   `json:"node"`
	Ev    string   `json:"ev"`
	I     *int     `json:"i,omitempty"`
	Timer string   `json:"timer,omitempty"`
	Sent  []sent   `json:"sent,omitempty"`
	Store [][]any  `json:"store,omitempty"`
	Logs  []string `json:"logs,omitempty"`
	Error string   `json:"error,omitempty"`
}

type timer struct {
	at   int64
	seq  int64
	node string
	name string
}

type timerHeap []timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	return h[i].at < h[j].at || (h[i].at == h[j].at && h[i].seq < h[j].seq)
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(timer)) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}

type world struct {
	nodeIDs      []string
	seed         uint32
	timerSeq     int64
	now          int64
	nodes        map[string]*host
	storages     map[string]map[string]json.RawMessage
	msgIDs       map[string]int
	incarnations map[string]uint32
	timers       timerHeap
	current      *done
	kept         map[int]keptMessage
	sentCount    int
}

type host struct {
	id      string
	w       *world
	node    Node
	pending map[string]int64
	random  func() float64
}

var sim = &world{}

func (w *world) reset(nodes []string, seed uint32) {
	*w = world{nodeIDs: nodes, seed: seed, nodes: map[string]*host{}, storages: map[string]map[string]json.RawMessage{},
		msgIDs: map[string]int{}, incarnations: map[string]uint32{}, kept: map[int]keptMessage{}}
}

// mulberry32, seeded per node and incarnation: the same run gives every node the same numbers.
func generator(state uint32) func() float64 {
	return func() float64 {
		state += 0x6d2b79f5
		t := state
		t = (t ^ (t >> 15)) * (t | 1)
		t ^= t + (t^(t>>7))*(t|61)
		return float64(t^(t>>14)) / 4294967296
	}
}

func (w *world) nodeSeed(node string, incarnation uint32) uint32 {
	index := uint32(0)
	for i, id := range w.nodeIDs {
		if id == node {
			index = uint32(i + 1)
		}
	}
	return w.seed ^ (index * 0x9e3779b1) ^ (incarnation * 0x85ebca6b)
}

func (w *world) start(id string) *host {
	w.incarnations[id]++
	if w.storages[id] == nil {
		w.storages[id] = map[string]json.RawMessage{}
	}
	h := &host{id: id, w: w, pending: map[string]int64{}, random: generator(w.nodeSeed(id, w.incarnations[id]))}
	w.nodes[id] = h
	h.node = NewNode()
	return h
}

// Context methods, one host per node incarnation.
func (h *host) ID() string           { return h.id }
func (h *host) NodeIDs() []string    { return append([]string(nil), h.w.nodeIDs...) }
func (h *host) Now() int64           { return h.w.now }
func (h *host) Random() float64      { return h.random() }
func (h *host) Storage() Storage     { return storage{h} }
func (h *host) CancelTimer(n string) { delete(h.pending, n) }

// effects is what the call running now did; a Context used outside any call (from a goroutine) is a bug.
func (w *world) effects(what string) *done {
	if w.current == nil {
		panic(what + " was called outside Init, OnMessage or OnTimer (from a goroutine?): a node acts only inside its methods, which must run to completion")
	}
	return w.current
}

func (h *host) SetTimer(name string, ms int64) {
	if ms < 1 {
		ms = 1
	}
	h.w.timerSeq++
	h.pending[name] = h.w.timerSeq
	heap.Push(&h.w.timers, timer{at: h.w.now + ms, seq: h.w.timerSeq, node: h.id, name: name})
}

func (h *host) Send(dest string, body any) int {
	d := h.w.effects("ctx.Send")
	fields, ok := body.(Body)
	if !ok {
		if m, isMap := body.(map[string]any); isMap {
			fields, ok = Body(m), true
		}
	}
	if !ok { // a struct or another JSON-able value: through JSON once to read its fields
		if err := remarshal(body, &fields); err != nil {
			panic(fmt.Sprintf("Send(%q): the body does not encode as a JSON object: %v", dest, err))
		}
	}
	if _, isString := fields["type"].(string); !isString {
		panic(fmt.Sprintf("Send(%q): the body needs a string \"type\"", dest))
	}
	id, hasID := fields["msg_id"].(float64)
	if !hasID {
		if n, isInt := fields["msg_id"].(int); isInt {
			id, hasID = float64(n), true
		}
	}
	if !hasID {
		h.w.msgIDs[h.id]++
		id = float64(h.w.msgIDs[h.id])
		copied := make(Body, len(fields)+1) // never write into the caller's map
		for k, v := range fields {
			copied[k] = v
		}
		copied["msg_id"] = int(id)
		fields = copied
	}
	raw, err := json.Marshal(fields)
	if err != nil {
		panic(fmt.Sprintf("Send(%q): the body does not encode as JSON: %v", dest, err))
	}
	d.Sent = append(d.Sent, sent{Dest: dest, Body: raw})
	h.w.sentCount++
	h.w.kept[h.w.sentCount] = keptMessage{src: h.id, dest: dest, body: raw}
	return int(id)
}

func (h *host) Reply(request Message, body any) int {
	var fields Body
	if err := remarshal(body, &fields); err != nil {
		panic(fmt.Sprintf("Reply: the body does not encode as a JSON object: %v", err))
	}
	fields["in_reply_to"] = request.Body.MsgID()
	return h.Send(request.Src, fields)
}

func (h *host) Log(format string, args ...any) {
	d := h.w.effects("ctx.Log")
	d.Logs = append(d.Logs, fmt.Sprintf(format, args...))
}

type storage struct{ h *host }

func (s storage) Get(key string, out any) bool {
	raw, ok := s.h.w.storages[s.h.id][key]
	if !ok {
		return false
	}
	if err := json.Unmarshal(raw, out); err != nil {
		panic(fmt.Sprintf("Storage().Get(%q): %v", key, err))
	}
	return true
}

func (s storage) Set(key string, value any) {
	raw, err := json.Marshal(value)
	if err != nil {
		panic(fmt.Sprintf("Storage().Set(%q): the value does not encode as JSON: %v", key, err))
	}
	d := s.h.w.effects("Storage().Set")
	s.h.w.storages[s.h.id][key] = raw
	d.Store = append(d.Store, []any{key, json.RawMessage(raw)})
}

func (s storage) Delete(key string) {
	d := s.h.w.effects("Storage().Delete")
	delete(s.h.w.storages[s.h.id], key)
	d.Store = append(d.Store, []any{key})
}

func (s storage) Keys() []string {
	keys := make([]string, 0, len(s.h.w.storages[s.h.id]))
	for k := range s.h.w.storages[s.h.id] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (w *world) call(d *done, work func()) done {
	w.current = d
	w.now = d.At
	func() {
		defer func() {
			if r := recover(); r != nil {
				d.Error = fmt.Sprintf("panic: %v\n%s", r, trimStack(string(debug.Stack())))
			}
		}()
		work()
	}()
	w.current = nil
	return *d
}

func trimStack(stack string) string {
	lines := strings.Split(stack, "\n")
	if len(lines) > 16 {
		lines = lines[:16]
	}
	return strings.Join(lines, "\n")
}

// live is the host a timer belongs to while the incarnation that set it runs and the name was not reset.
func (w *world) live(t timer) *host {
	h := w.nodes[t.node]
	if h != nil && h.pending[t.name] == t.seq {
		return h
	}
	return nil
}

func (w *world) handle(e event, i int) done {
	index := i
	d := &done{At: e.At, Node: e.Node, Ev: e.Do, I: &index}
	switch e.Do {
	case "crash":
		delete(w.nodes, e.Node)
		return *d
	case "init":
		return w.call(d, func() { w.start(e.Node).node.Init(w.nodes[e.Node]) })
	}
	h := w.nodes[e.Node]
	if h == nil {
		return *d
	}
	msg := e.Msg
	if e.Ref != 0 {
		stored, ok := w.kept[e.Ref]
		if !ok {
			d.Error = fmt.Sprintf("the driver no longer holds message %d", e.Ref)
			return *d
		}
		msg = &Message{Src: stored.src, Dest: stored.dest}
		if err := json.Unmarshal(stored.body, &msg.Body); err != nil {
			d.Error = err.Error()
			return *d
		}
	}
	if msg == nil {
		return *d
	}
	return w.call(d, func() { h.node.OnMessage(h, *msg) })
}

func (w *world) run(until int64, events []event) []done {
	out := []done{}
	next := 0
	for {
		for len(w.timers) > 0 && w.live(w.timers[0]) == nil {
			heap.Pop(&w.timers)
		}
		timerFirst := len(w.timers) > 0 && w.timers[0].at < until && (next >= len(events) || w.timers[0].at < events[next].At)
		if timerFirst {
			t := heap.Pop(&w.timers).(timer)
			h := w.live(t)
			delete(h.pending, t.name)
			out = append(out, w.call(&done{At: t.at, Node: t.node, Ev: "timer", Timer: t.name}, func() { h.node.OnTimer(h, t.name) }))
		} else if next < len(events) {
			out = append(out, w.handle(events[next], next))
			next++
		} else {
			return out
		}
	}
}

func (w *world) nextTimer() *int64 {
	for len(w.timers) > 0 && w.live(w.timers[0]) == nil {
		heap.Pop(&w.timers)
	}
	if len(w.timers) == 0 {
		return nil
	}
	at := w.timers[0].at
	return &at
}

type command struct {
	Cmd    string   `json:"cmd"`
	Nodes  []string `json:"nodes"`
	Seed   uint32   `json:"seed"`
	Until  int64    `json:"until"`
	Events []event  `json:"events"`
	Forget []int    `json:"forget"`
}

func main() {
	wire := bufio.NewWriterSize(os.Stdout, 1<<16)
	os.Stdout = os.Stderr // the learner's prints must not reach the wire
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	for {
		line, err := in.ReadBytes('\n')
		if len(line) == 0 && err != nil {
			return
		}
		var cmd command
		if jerr := json.Unmarshal(line, &cmd); jerr != nil {
			fmt.Fprintf(wire, "{\"error\":%q}\n", jerr.Error())
		} else if cmd.Cmd == "reset" {
			sim.reset(cmd.Nodes, cmd.Seed)
			wire.WriteString("{\"ok\":true}\n")
		} else if cmd.Cmd == "run" {
			out, _ := json.Marshal(struct {
				Done []done `json:"done"`
				Next *int64 `json:"next"`
			}{sim.run(cmd.Until, cmd.Events), sim.nextTimer()})
			for _, ref := range cmd.Forget {
				delete(sim.kept, ref)
			}
			wire.Write(out)
			wire.WriteByte('\n')
		} else {
			fmt.Fprintf(wire, "{\"error\":\"unknown command %s\"}\n", cmd.Cmd)
		}
		wire.Flush()
	}
}
