package main

// Your LRU cache. The contract is in README.md; driver.go (provided, do not edit) calls it.

import (
	"errors"
	"time"
)

type Clock interface {
	Now() time.Time
}

type EvictionReason string

const (
	EvictedCapacity EvictionReason = "capacity"
	EvictedExpired  EvictionReason = "expired"
)

type Options[V any] struct {
	Capacity int                                              // >= 1, else NewLRUCache returns an error
	Clock    Clock                                            // nil: real time
	OnEvict  func(key string, value V, reason EvictionReason) // nil: no callback
}

type LRUCache[V any] struct {
	// TODO: the entries, their recency order, their expiry times, and the lock that guards them.
}

func NewLRUCache[V any](opts Options[V]) (*LRUCache[V], error) {
	// TODO: reject a capacity below 1; keep the options.
	_ = opts
	return nil, errors.New("not implemented: NewLRUCache")
}

// Get returns the live entry's value and makes it the most recently used.
func (c *LRUCache[V]) Get(key string) (V, bool) {
	// TODO: remove what has expired, then look the key up.
	var zero V
	return zero, false
}

// Set stores value under key as the most recently used entry, with this call's TTL (0: none).
func (c *LRUCache[V]) Set(key string, value V, ttl time.Duration) {
	// TODO: panic on a negative TTL; remove what has expired; replace or add; evict when over capacity.
}

// Delete removes the live entry for key and reports whether there was one.
func (c *LRUCache[V]) Delete(key string) bool {
	// TODO: remove what has expired, then the entry.
	return false
}

// Len returns the number of live entries.
func (c *LRUCache[V]) Len() int {
	// TODO: remove what has expired, then count.
	return 0
}
