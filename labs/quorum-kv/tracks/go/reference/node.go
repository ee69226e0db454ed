// One replica of a Dynamo-style store: ring placement, coordinated quorum puts and gets, read repair and
// hinted handoff, as the lab's README states them.
package main

import (
	"crypto/sha1"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

const (
	replicas       = 3
	vnodes         = 8
	hintAfterMs    = 150
	deadlineMs     = 500
	handoffEveryMs = 200
	unavailable    = 11
)

// Version is [counter, node id] on the wire; last writer wins: counter first, then node id.
type Version struct {
	Counter int64
	Node    string
}

func (v Version) MarshalJSON() ([]byte, error) { return json.Marshal([]any{v.Counter, v.Node}) }

func (v *Version) UnmarshalJSON(raw []byte) error {
	var pair []json.RawMessage
	if err := json.Unmarshal(raw, &pair); err != nil || len(pair) != 2 {
		return fmt.Errorf("a version is [counter, node id]: %s", raw)
	}
	if err := json.Unmarshal(pair[0], &v.Counter); err != nil {
		return err
	}
	return json.Unmarshal(pair[1], &v.Node)
}

func (v Version) newerThan(o Version) bool {
	if v.Counter != o.Counter {
		return v.Counter > o.Counter
	}
	return v.Node > o.Node
}

// Entry is what storage holds under kv/<key> and hint/<home>/<key>.
type Entry struct {
	Value   int     `json:"value"`
	Version Version `json:"version"`
}

func hash(s string) uint32 {
	sum := sha1.Sum([]byte(s))
	return binary.BigEndian.Uint32(sum[:4])
}

type vnode struct {
	h    uint32
	node string
	i    int
}

type pending struct {
	kind     string // "put" or "get"
	client   Message
	key      string
	need     int
	answered bool
	acks     map[string]bool   // put: who acknowledged (replicas and stand-ins)
	answers  map[string]*Entry // get: each replica's answer (nil: it held nothing)
	entry    Entry
	homes    []string
	standIns []string
	repaired bool
}

type outgoingReq struct {
	op string
	to string
}

type node struct {
	ring        []vnode
	lastCounter int64
	nextOp      int
	pending     map[string]*pending
	outgoing    map[int]outgoingReq // msg_id of a replicate/read we sent → the request it serves
}

func NewNode() Node {
	return &node{pending: map[string]*pending{}, outgoing: map[int]outgoingReq{}}
}

func (n *node) Init(ctx Context) {
	n.ring = nil
	for _, id := range ctx.NodeIDs() {
		for i := 0; i < vnodes; i++ {
			n.ring = append(n.ring, vnode{hash(id + "#" + strconv.Itoa(i)), id, i})
		}
	}
	sort.Slice(n.ring, func(a, b int) bool {
		x, y := n.ring[a], n.ring[b]
		if x.h != y.h {
			return x.h < y.h
		}
		if x.node != y.node {
			return x.node < y.node
		}
		return x.i < y.i
	})
	ctx.SetTimer("handoff", handoffEveryMs)
}

func (n *node) preference(key string) []string {
	h := hash(key)
	start := sort.Search(len(n.ring), func(i int) bool { return n.ring[i].h >= h })
	if start == len(n.ring) {
		start = 0
	}
	var taken []string
	seen := map[string]bool{}
	for k := 0; k < len(n.ring); k++ {
		id := n.ring[(start+k)%len(n.ring)].node
		if !seen[id] {
			seen[id] = true
			taken = append(taken, id)
		}
	}
	return taken
}

// store writes e under skey unless an equal or newer version is there.
func store(ctx Context, skey string, e Entry) {
	var held Entry
	if ctx.Storage().Get(skey, &held) && !e.Version.newerThan(held.Version) {
		return
	}
	ctx.Storage().Set(skey, e)
}

func newest(p *pending) *Entry {
	var best *Entry
	for _, home := range p.homes {
		if e := p.answers[home]; e != nil && (best == nil || e.Version.newerThan(best.Version)) {
			best = e
		}
	}
	return best
}

func (n *node) countAck(ctx Context, id, from string) {
	p := n.pending[id]
	if p == nil || p.kind != "put" {
		return
	}
	p.acks[from] = true
	if !p.answered && len(p.acks) >= p.need {
		p.answered = true
		ctx.Reply(p.client, Body{"type": "put_ok", "version": p.entry.Version})
	}
}

func (n *node) countAnswer(ctx Context, id, from string, e *Entry) {
	p := n.pending[id]
	if p == nil || p.kind != "get" {
		return
	}
	if _, dup := p.answers[from]; dup {
		return
	}
	p.answers[from] = e
	if !p.answered && len(p.answers) >= p.need {
		p.answered = true
		if best := newest(p); best != nil {
			ctx.Reply(p.client, Body{"type": "get_ok", "value": best.Value, "version": best.Version})
		} else {
			ctx.Reply(p.client, Body{"type": "get_ok", "value": nil, "version": nil})
		}
	}
	if len(p.answers) == len(p.homes) {
		n.repair(ctx, p)
	}
}

func (n *node) repair(ctx Context, p *pending) {
	if p.repaired {
		return
	}
	p.repaired = true
	best := newest(p)
	if best == nil {
		return
	}
	for _, home := range p.homes {
		e, answered := p.answers[home]
		if !answered || (e != nil && !best.Version.newerThan(e.Version)) {
			continue
		}
		if home == ctx.ID() {
			store(ctx, "kv/"+p.key, *best)
		} else {
			ctx.Send(home, Body{"type": "repair", "key": p.key, "value": best.Value, "version": best.Version})
		}
	}
}

func (n *node) finish(ctx Context, id string) {
	p := n.pending[id]
	if p == nil {
		return
	}
	if !p.answered {
		p.answered = true
		ctx.Reply(p.client, Body{"type": "error", "code": unavailable, "text": fmt.Sprintf("fewer than %d replicas answered within %d ms", p.need, deadlineMs)})
	}
	if p.kind == "get" {
		n.repair(ctx, p)
	}
	delete(n.pending, id)
	for msgID, o := range n.outgoing {
		if o.op == id {
			delete(n.outgoing, msgID)
		}
	}
}

func (n *node) sendHints(ctx Context, id string) {
	p := n.pending[id]
	if p == nil || p.kind != "put" {
		return
	}
	k := 0
	for _, home := range p.homes {
		if p.acks[home] {
			continue
		}
		if k >= len(p.standIns) {
			break
		}
		standIn := p.standIns[k]
		k++
		if standIn == ctx.ID() {
			store(ctx, "hint/"+home+"/"+p.key, p.entry)
			n.countAck(ctx, id, standIn)
			continue
		}
		msgID := ctx.Send(standIn, Body{"type": "replicate", "key": p.key, "value": p.entry.Value, "version": p.entry.Version, "hint_for": home})
		n.outgoing[msgID] = outgoingReq{id, standIn}
	}
}

func (n *node) handOff(ctx Context) {
	for _, skey := range ctx.Storage().Keys() {
		parts := strings.SplitN(skey, "/", 3)
		if len(parts) != 3 || parts[0] != "hint" {
			continue
		}
		var e Entry
		ctx.Storage().Get(skey, &e)
		ctx.Send(parts[1], Body{"type": "replicate", "key": parts[2], "value": e.Value, "version": e.Version})
	}
}

func (n *node) start(ctx Context, msg Message, kind string) {
	key := msg.Body.String("key")
	list := n.preference(key)
	n.nextOp++
	id := kind + ":" + strconv.Itoa(n.nextOp)
	field := "r"
	if kind == "put" {
		field = "w"
	}
	need := 2
	if msg.Body.Has(field) {
		need = msg.Body.Int(field)
	}
	p := &pending{kind: kind, client: msg, key: key, need: need, acks: map[string]bool{}, answers: map[string]*Entry{},
		homes: list[:replicas], standIns: list[replicas:]}
	n.pending[id] = p
	ctx.SetTimer(id+":end", deadlineMs)
	isHome := false
	for _, h := range p.homes {
		isHome = isHome || h == ctx.ID()
	}
	if kind == "put" {
		counter := ctx.Now() * 1000
		if counter <= n.lastCounter {
			counter = n.lastCounter + 1
		}
		n.lastCounter = counter
		p.entry = Entry{Value: msg.Body.Int("value"), Version: Version{n.lastCounter, ctx.ID()}}
		ctx.SetTimer(id+":hint", hintAfterMs)
		for _, home := range p.homes {
			if home != ctx.ID() {
				msgID := ctx.Send(home, Body{"type": "replicate", "key": key, "value": p.entry.Value, "version": p.entry.Version})
				n.outgoing[msgID] = outgoingReq{id, home}
			}
		}
		if isHome {
			store(ctx, "kv/"+key, p.entry)
			n.countAck(ctx, id, ctx.ID())
		}
		return
	}
	for _, home := range p.homes {
		if home != ctx.ID() {
			n.outgoing[ctx.Send(home, Body{"type": "read", "key": key})] = outgoingReq{id, home}
		}
	}
	if isHome {
		var e Entry
		if ctx.Storage().Get("kv/"+key, &e) {
			n.countAnswer(ctx, id, ctx.ID(), &e)
		} else {
			n.countAnswer(ctx, id, ctx.ID(), nil)
		}
	}
}

func entryOf(b Body) *Entry {
	var v Version
	if !b.Has("version") || b["version"] == nil || b.Decode("version", &v) != nil {
		return nil
	}
	return &Entry{Value: b.Int("value"), Version: v}
}

func (n *node) OnMessage(ctx Context, msg Message) {
	b := msg.Body
	switch b.Type() {
	case "put", "get":
		n.start(ctx, msg, b.Type())
	case "replicate":
		e := entryOf(b)
		if e == nil {
			return
		}
		skey := "kv/" + b.String("key")
		if home := b.String("hint_for"); home != "" {
			skey = "hint/" + home + "/" + b.String("key")
		}
		store(ctx, skey, *e)
		ctx.Reply(msg, Body{"type": "replicate_ok", "key": b.String("key"), "version": e.Version})
	case "read":
		var e Entry
		if ctx.Storage().Get("kv/"+b.String("key"), &e) {
			ctx.Reply(msg, Body{"type": "read_ok", "key": b.String("key"), "value": e.Value, "version": e.Version})
		} else {
			ctx.Reply(msg, Body{"type": "read_ok", "key": b.String("key"), "value": nil, "version": nil})
		}
	case "repair":
		if e := entryOf(b); e != nil {
			store(ctx, "kv/"+b.String("key"), *e)
		}
	case "replicate_ok", "read_ok":
		if o, ok := n.outgoing[b.InReplyTo()]; ok {
			delete(n.outgoing, b.InReplyTo())
			if b.Type() == "replicate_ok" {
				n.countAck(ctx, o.op, o.to)
			} else {
				n.countAnswer(ctx, o.op, o.to, entryOf(b))
			}
			return
		}
		if b.Type() == "replicate_ok" {
			// A home acknowledging a handed-back hint: delete the hint it now holds (or holds newer than).
			skey := "hint/" + msg.Src + "/" + b.String("key")
			var held Entry
			acked := entryOf(b)
			if acked != nil && ctx.Storage().Get(skey, &held) && !held.Version.newerThan(acked.Version) {
				ctx.Storage().Delete(skey)
			}
		}
	}
}

func (n *node) OnTimer(ctx Context, name string) {
	if name == "handoff" {
		n.handOff(ctx)
		ctx.SetTimer("handoff", handoffEveryMs)
		return
	}
	parts := strings.Split(name, ":")
	if len(parts) != 3 {
		return
	}
	id := parts[0] + ":" + parts[1]
	switch parts[2] {
	case "hint":
		n.sendHints(ctx, id)
	case "end":
		n.finish(ctx, id)
	}
}
