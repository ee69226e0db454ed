package main

// Your LRU cache. The contract is in README.md; driver.go (provided, do not edit) calls it.

import (
	"container/heap"
	"container/list"
	"fmt"
	"sync"
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
	Capacity int                                              // >= 1
	Clock    Clock                                            // nil: real time
	OnEvict  func(key string, value V, reason EvictionReason) // nil: no callback
}

type entry[V any] struct {
	key       string
	value     V
	element   *list.Element // its place in the recency list
	expiresAt time.Time     // zero: no TTL
	seq       uint64        // when the TTL was set, to order entries that expire at the same instant
	heapIndex int           // position in the expiry heap, -1 when not in it
}

// expiryHeap orders the entries with a TTL by (expiresAt, seq), earliest first.
type expiryHeap[V any] []*entry[V]

func (h expiryHeap[V]) Len() int { return len(h) }
func (h expiryHeap[V]) Less(i, j int) bool {
	if h[i].expiresAt.Equal(h[j].expiresAt) {
		return h[i].seq < h[j].seq
	}
	return h[i].expiresAt.Before(h[j].expiresAt)
}
func (h expiryHeap[V]) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heapIndex = i
	h[j].heapIndex = j
}
func (h *expiryHeap[V]) Push(x interface{}) {
	e := x.(*entry[V])
	e.heapIndex = len(*h)
	*h = append(*h, e)
}
func (h *expiryHeap[V]) Pop() interface{} {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	e.heapIndex = -1
	return e
}

type eviction[V any] struct {
	key    string
	value  V
	reason EvictionReason
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

type LRUCache[V any] struct {
	mu       sync.Mutex
	capacity int
	clock    Clock
	onEvict  func(key string, value V, reason EvictionReason)
	entries  map[string]*entry[V]
	recency  *list.List // front: least recently used
	expiry   expiryHeap[V]
	seq      uint64
}

func NewLRUCache[V any](opts Options[V]) (*LRUCache[V], error) {
	if opts.Capacity < 1 {
		return nil, fmt.Errorf("lru: capacity must be >= 1, got %d", opts.Capacity)
	}
	clock := opts.Clock
	if clock == nil {
		clock = realClock{}
	}
	return &LRUCache[V]{
		capacity: opts.Capacity,
		clock:    clock,
		onEvict:  opts.OnEvict,
		entries:  make(map[string]*entry[V]),
		recency:  list.New(),
	}, nil
}

func (c *LRUCache[V]) Get(key string) (V, bool) {
	c.mu.Lock()
	removed := c.purge(nil)
	e, ok := c.entries[key]
	var value V
	if ok {
		c.recency.MoveToBack(e.element)
		value = e.value
	}
	c.mu.Unlock()
	c.report(removed)
	return value, ok
}

func (c *LRUCache[V]) Set(key string, value V, ttl time.Duration) {
	if ttl < 0 {
		panic(fmt.Sprintf("lru: negative ttl %v", ttl))
	}
	c.mu.Lock()
	removed := c.purge(nil)
	e, ok := c.entries[key]
	if ok {
		e.value = value
		c.recency.MoveToBack(e.element)
	} else {
		e = &entry[V]{key: key, value: value, heapIndex: -1}
		e.element = c.recency.PushBack(e)
		c.entries[key] = e
	}
	if e.heapIndex >= 0 {
		heap.Remove(&c.expiry, e.heapIndex)
	}
	e.expiresAt = time.Time{}
	if ttl > 0 {
		e.expiresAt = c.clock.Now().Add(ttl)
		e.seq = c.seq
		c.seq++
		heap.Push(&c.expiry, e)
	}
	if len(c.entries) > c.capacity {
		victim := c.recency.Front().Value.(*entry[V])
		c.remove(victim)
		removed = append(removed, eviction[V]{victim.key, victim.value, EvictedCapacity})
	}
	c.mu.Unlock()
	c.report(removed)
}

func (c *LRUCache[V]) Delete(key string) bool {
	c.mu.Lock()
	removed := c.purge(nil)
	e, ok := c.entries[key]
	if ok {
		c.remove(e)
	}
	c.mu.Unlock()
	c.report(removed)
	return ok
}

func (c *LRUCache[V]) Len() int {
	c.mu.Lock()
	removed := c.purge(nil)
	n := len(c.entries)
	c.mu.Unlock()
	c.report(removed)
	return n
}

// purge removes every expired entry, earliest first, and returns them for report. Call with c.mu held.
func (c *LRUCache[V]) purge(removed []eviction[V]) []eviction[V] {
	if len(c.expiry) == 0 {
		return removed
	}
	now := c.clock.Now()
	for len(c.expiry) > 0 && !now.Before(c.expiry[0].expiresAt) {
		e := c.expiry[0]
		c.remove(e)
		removed = append(removed, eviction[V]{e.key, e.value, EvictedExpired})
	}
	return removed
}

// remove takes an entry out of the map, the recency list and the expiry heap. Call with c.mu held.
func (c *LRUCache[V]) remove(e *entry[V]) {
	delete(c.entries, e.key)
	c.recency.Remove(e.element)
	if e.heapIndex >= 0 {
		heap.Remove(&c.expiry, e.heapIndex)
	}
}

// report calls onEvict for each removal, with c.mu released so the callback may use the cache.
func (c *LRUCache[V]) report(removed []eviction[V]) {
	if c.onEvict == nil {
		return
	}
	for _, r := range removed {
		c.onEvict(r.key, r.value, r.reason)
	}
}
