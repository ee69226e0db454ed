package main

// Provided driver: do not edit. The grader talks to your ring through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". Replies:
//   new {replicas}          -> {ok:true}           a fresh NewHashRing(replicas)
//   hash {s}                -> {hash}              Hash(s)
//   add {node}              -> {ok:true}
//   remove {node}           -> {ok:true}
//   get {key}               -> {node}              node: the name, or null when Get returns ok == false
//   getN {key, n}           -> {nodes:[...]}       (a nil slice is sent as [])
//   owners {prefix, count}  -> {nodes:[...], owners:[...]}
//       Get(prefix + i) for i in 0..count-1: owners[i] indexes `nodes` (the distinct names, sorted),
//       -1 where Get returned ok == false.
//   spread {prefix, count}  -> {counts:{node: keys}, none}   how many of those keys each node owns
//   hammer {stable, churn, workers, rounds, cycles, n, seed}
//       adds the `stable` nodes, then runs `workers` goroutines of `rounds` lookups each (Get and
//       GetN(key, n) on random keys, alternately) while another goroutine adds and removes the `churn`
//       nodes `cycles` times; every churn node is removed at the end.
//       Replies {gets, getNs, mutations, missing, strangers, duplicates, badLengths}:
//       missing: Gets that found no node; strangers: answers naming a node never added;
//       duplicates: GetN lists naming a node twice; badLengths: GetN lists shorter than
//       min(n, stable nodes) or longer than n.
//   addConcurrently {nodes, workers} -> {ok:true, lookups}
//       adds every node from its own goroutine while `workers` goroutines call Get.
// The wire (package lab/wire) answers an unknown op, a malformed line, and a panic in your code.
// stdout carries replies only: log to os.Stderr.

import (
	"math/rand"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"

	"lab/wire"
)

type request struct {
	Replicas int      `json:"replicas"`
	S        string   `json:"s"`
	Node     string   `json:"node"`
	Key      string   `json:"key"`
	N        int      `json:"n"`
	Prefix   string   `json:"prefix"`
	Count    int      `json:"count"`
	Stable   []string `json:"stable"`
	Churn    []string `json:"churn"`
	Nodes    []string `json:"nodes"`
	Workers  int      `json:"workers"`
	Rounds   int      `json:"rounds"`
	Cycles   int      `json:"cycles"`
	Seed     int64    `json:"seed"`
}

type reply = wire.Reply

type driver struct {
	ring *HashRing
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

func (d *driver) lookupAll(prefix string, count int) []*string {
	owners := make([]*string, count)
	for i := 0; i < count; i++ {
		if node, ok := d.ring.Get(prefix + strconv.Itoa(i)); ok {
			owners[i] = &node
		}
	}
	return owners
}

func (d *driver) owners(req request) reply {
	owners := d.lookupAll(req.Prefix, req.Count)
	index := map[string]int{}
	nodes := []string{}
	for _, o := range owners {
		if o != nil {
			if _, seen := index[*o]; !seen {
				index[*o] = 0
				nodes = append(nodes, *o)
			}
		}
	}
	sort.Strings(nodes)
	for i, node := range nodes {
		index[node] = i
	}
	list := make([]int, len(owners))
	for i, o := range owners {
		list[i] = -1
		if o != nil {
			list[i] = index[*o]
		}
	}
	return reply{"nodes": nodes, "owners": list}
}

func (d *driver) spread(req request) reply {
	counts := map[string]int{}
	none := 0
	for _, o := range d.lookupAll(req.Prefix, req.Count) {
		if o == nil {
			none++
		} else {
			counts[*o]++
		}
	}
	return reply{"counts": counts, "none": none}
}

func (d *driver) hammer(req request) reply {
	r := d.ring
	workers, rounds, cycles, n := req.Workers, req.Rounds, req.Cycles, req.N
	if workers <= 0 {
		workers = 8
	}
	if rounds <= 0 {
		rounds = 200
	}
	known := map[string]bool{}
	for _, node := range append(append([]string{}, req.Stable...), req.Churn...) {
		known[node] = true
	}
	for _, node := range req.Stable {
		r.Add(node)
	}
	least := n
	if len(req.Stable) < least {
		least = len(req.Stable)
	}
	var gets, getNs, mutations, missing, strangers, duplicates, badLengths int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for c := 0; c < cycles; c++ {
			for _, node := range req.Churn {
				r.Add(node)
				atomic.AddInt64(&mutations, 1)
				runtime.Gosched()
			}
			for _, node := range req.Churn {
				r.Remove(node)
				atomic.AddInt64(&mutations, 1)
				runtime.Gosched()
			}
		}
	}()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(rnd *rand.Rand) {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				key := "k" + strconv.Itoa(rnd.Intn(100000))
				if i%2 == 0 {
					atomic.AddInt64(&gets, 1)
					node, ok := r.Get(key)
					if !ok {
						atomic.AddInt64(&missing, 1)
					} else if !known[node] {
						atomic.AddInt64(&strangers, 1)
					}
					continue
				}
				atomic.AddInt64(&getNs, 1)
				list := r.GetN(key, n)
				seen := map[string]bool{}
				stranger, dup := false, false
				for _, node := range list {
					if !known[node] {
						stranger = true
					}
					if seen[node] {
						dup = true
					}
					seen[node] = true
				}
				if stranger {
					atomic.AddInt64(&strangers, 1)
				}
				if dup {
					atomic.AddInt64(&duplicates, 1)
				}
				if len(list) < least || len(list) > n {
					atomic.AddInt64(&badLengths, 1)
				}
			}
		}(rand.New(rand.NewSource(req.Seed + int64(w))))
	}
	wg.Wait()
	for _, node := range req.Churn {
		r.Remove(node)
	}
	return reply{"gets": gets, "getNs": getNs, "mutations": mutations, "missing": missing, "strangers": strangers,
		"duplicates": duplicates, "badLengths": badLengths}
}

func (d *driver) addConcurrently(req request) reply {
	r := d.ring
	workers := req.Workers
	if workers <= 0 {
		workers = 4
	}
	var adding int64 = int64(len(req.Nodes))
	var lookups int64
	var wg sync.WaitGroup
	for _, node := range req.Nodes {
		wg.Add(1)
		go func(node string) {
			defer wg.Done()
			r.Add(node)
			atomic.AddInt64(&adding, -1)
		}(node)
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; atomic.LoadInt64(&adding) > 0; i++ {
				r.Get("a" + strconv.Itoa(w) + "-" + strconv.Itoa(i))
				atomic.AddInt64(&lookups, 1)
				runtime.Gosched()
			}
		}(w)
	}
	wg.Wait()
	return reply{"ok": true, "lookups": lookups}
}

// needRing makes an operation of f that refuses to run before "new".
func (d *driver) needRing(f func(req request) reply) wire.Operation {
	return wire.With(func(req request) reply {
		if d.ring == nil {
			return reply{"error": "exception", "message": `no ring: send {"op":"new"} first`}
		}
		return f(req)
	})
}

func main() {
	d := &driver{}
	wire.Serve(map[string]wire.Operation{
		"new": wire.With(func(req request) reply {
			d.ring = NewHashRing(req.Replicas)
			return reply{"ok": true}
		}),
		"hash": wire.With(func(req request) reply { return reply{"hash": Hash(req.S)} }),
		"add": d.needRing(func(req request) reply {
			d.ring.Add(req.Node)
			return reply{"ok": true}
		}),
		"remove": d.needRing(func(req request) reply {
			d.ring.Remove(req.Node)
			return reply{"ok": true}
		}),
		"get": d.needRing(func(req request) reply {
			if node, ok := d.ring.Get(req.Key); ok {
				return reply{"node": node}
			}
			return reply{"node": nil}
		}),
		"getN":            d.needRing(func(req request) reply { return reply{"nodes": nonNil(d.ring.GetN(req.Key, req.N))} }),
		"owners":          d.needRing(d.owners),
		"spread":          d.needRing(d.spread),
		"hammer":          d.needRing(d.hammer),
		"addConcurrently": d.needRing(d.addConcurrently),
	})
}
