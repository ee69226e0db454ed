package main

// Your hash ring. The contract is in README.md; driver.go (provided, do not edit) calls it.

import (
	"crypto/sha1"
	"errors"
)

// Hash returns the first 4 bytes of SHA-1 over the bytes of s (Go strings are UTF-8), read big-endian.
func Hash(s string) uint32 {
	// TODO: sha1.Sum and encoding/binary's BigEndian.Uint32.
	_ = sha1.Sum
	panic(errors.New("not implemented"))
}

// HashRing places keys on nodes. Its methods may be called from many goroutines at once.
type HashRing struct {
	// TODO: replicas, the member nodes, the ring's points in ring order, and a lock.
	replicas int
}

// NewHashRing returns an empty ring that gives every node `replicas` virtual nodes (at least 1).
func NewHashRing(replicas int) *HashRing {
	// TODO
	return &HashRing{replicas: replicas}
}

// Add puts the node's virtual nodes "<node>#<i>" on the ring; a node already there: no change.
func (r *HashRing) Add(node string) {
	// TODO
	panic(errors.New("not implemented"))
}

// Remove takes all of the node's virtual nodes off the ring; an unknown node: no change.
func (r *HashRing) Remove(node string) {
	// TODO
	panic(errors.New("not implemented"))
}

// Get returns the node of the first virtual node at or after Hash(key), wrapping; ("", false) on an empty ring.
func (r *HashRing) Get(key string) (string, bool) {
	// TODO
	panic(errors.New("not implemented"))
}

// GetN returns up to n distinct nodes, walking clockwise from where Get(key) lands; empty on an empty ring or n <= 0.
func (r *HashRing) GetN(key string, n int) []string {
	// TODO
	panic(errors.New("not implemented"))
}
