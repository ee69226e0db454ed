package main

// Reference solution: a sorted slice of points searched with sort.Search, under a sync.RWMutex.

import (
	"crypto/sha1"
	"encoding/binary"
	"sort"
	"strconv"
	"sync"
)

func Hash(s string) uint32 {
	sum := sha1.Sum([]byte(s))
	return binary.BigEndian.Uint32(sum[:4])
}

type point struct {
	hash  uint32
	node  string
	index int
}

type HashRing struct {
	mu       sync.RWMutex
	replicas int
	members  map[string]bool
	points   []point // ring order: hash, then node name, then index
}

func NewHashRing(replicas int) *HashRing {
	return &HashRing{replicas: replicas, members: map[string]bool{}}
}

func (r *HashRing) Add(node string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.members[node] {
		return
	}
	r.members[node] = true
	points := make([]point, len(r.points), len(r.points)+r.replicas)
	copy(points, r.points)
	for i := 0; i < r.replicas; i++ {
		points = append(points, point{hash: Hash(node + "#" + strconv.Itoa(i)), node: node, index: i})
	}
	sort.Slice(points, func(a, b int) bool {
		pa, pb := points[a], points[b]
		if pa.hash != pb.hash {
			return pa.hash < pb.hash
		}
		if pa.node != pb.node {
			return pa.node < pb.node
		}
		return pa.index < pb.index
	})
	r.points = points
}

func (r *HashRing) Remove(node string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.members[node] {
		return
	}
	delete(r.members, node)
	kept := make([]point, 0, len(r.points))
	for _, p := range r.points {
		if p.node != node {
			kept = append(kept, p)
		}
	}
	r.points = kept
}

// search returns the index of the first point with hash >= h, wrapping past the end to 0; -1 when empty.
func (r *HashRing) search(h uint32) int {
	if len(r.points) == 0 {
		return -1
	}
	i := sort.Search(len(r.points), func(i int) bool { return r.points[i].hash >= h })
	if i == len(r.points) {
		return 0
	}
	return i
}

func (r *HashRing) Get(key string) (string, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	at := r.search(Hash(key))
	if at < 0 {
		return "", false
	}
	return r.points[at].node, true
}

func (r *HashRing) GetN(key string, n int) []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	chosen := []string{}
	at := r.search(Hash(key))
	if at < 0 || n <= 0 {
		return chosen
	}
	seen := map[string]bool{}
	for step := 0; step < len(r.points) && len(chosen) < n; step++ {
		node := r.points[(at+step)%len(r.points)].node
		if !seen[node] {
			seen[node] = true
			chosen = append(chosen, node)
		}
	}
	return chosen
}
