package main

// A token bucket with the semantics of golang.org/x/time/rate, and a sliding-window log limiter keyed
// by client whose memory is bounded by dropping idle keys and evicting the least recently used one.

import (
	"container/list"
	"fmt"
	"math"
	"sync"
	"time"
)

type Clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

type TokenBucket struct {
	rate  float64
	burst int
	clock Clock

	mu     sync.Mutex
	stored float64   // tokens at the last update
	last   time.Time // the last update
}

func NewTokenBucket(rate float64, burst int, clock Clock) *TokenBucket {
	if math.IsNaN(rate) || math.IsInf(rate, 0) || rate < 0 {
		panic(fmt.Sprintf("NewTokenBucket: rate must be a finite number >= 0, got %v", rate))
	}
	if burst < 0 {
		panic(fmt.Sprintf("NewTokenBucket: burst must be >= 0, got %d", burst))
	}
	if clock == nil {
		clock = realClock{}
	}
	return &TokenBucket{rate: rate, burst: burst, clock: clock, stored: float64(burst), last: clock.Now()}
}

func (b *TokenBucket) Allow() bool { return b.AllowN(1) }

func (b *TokenBucket) AllowN(n int) bool {
	if n < 0 || n > b.burst {
		return false
	}
	if n == 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.clock.Now()
	available := b.available(now)
	if available < float64(n) {
		return false
	}
	b.stored = available - float64(n)
	if now.After(b.last) {
		b.last = now
	}
	return true
}

func (b *TokenBucket) Tokens() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.available(b.clock.Now())
}

// available is the count at now; a reading before the last update adds nothing. Call with mu held.
func (b *TokenBucket) available(now time.Time) float64 {
	if !now.After(b.last) {
		return b.stored
	}
	return math.Min(float64(b.burst), b.stored+now.Sub(b.last).Seconds()*b.rate)
}

type keyLog struct {
	key   string
	times []time.Time // allowed requests, oldest first
}

type SlidingWindowLimiter struct {
	limit   int
	window  time.Duration
	maxKeys int
	clock   Clock

	mu    sync.Mutex
	byKey map[string]*list.Element // of *keyLog
	lru   *list.List               // front: least recently used
}

func NewSlidingWindowLimiter(limit int, window time.Duration, maxKeys int, clock Clock) *SlidingWindowLimiter {
	if limit < 0 {
		panic(fmt.Sprintf("NewSlidingWindowLimiter: limit must be >= 0, got %d", limit))
	}
	if window <= 0 {
		panic(fmt.Sprintf("NewSlidingWindowLimiter: window must be > 0, got %v", window))
	}
	if maxKeys < 1 {
		panic(fmt.Sprintf("NewSlidingWindowLimiter: maxKeys must be >= 1, got %d", maxKeys))
	}
	if clock == nil {
		clock = realClock{}
	}
	return &SlidingWindowLimiter{limit: limit, window: window, maxKeys: maxKeys, clock: clock,
		byKey: map[string]*list.Element{}, lru: list.New()}
}

func (l *SlidingWindowLimiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	cutoff := now.Add(-l.window)
	if e, ok := l.byKey[key]; ok {
		kl := e.Value.(*keyLog)
		live := 0
		for live < len(kl.times) && !kl.times[live].After(cutoff) {
			live++
		}
		kl.times = kl.times[live:]
		if len(kl.times) > 0 {
			l.lru.MoveToBack(e)
			if len(kl.times) >= l.limit {
				return false
			}
			kl.times = append(kl.times, now)
			return true
		}
		l.remove(e) // idle: a new key
	}
	if l.limit == 0 {
		return false
	}
	if len(l.byKey) >= l.maxKeys {
		l.dropIdle(cutoff)
	}
	if len(l.byKey) >= l.maxKeys {
		l.remove(l.lru.Front())
	}
	l.byKey[key] = l.lru.PushBack(&keyLog{key: key, times: []time.Time{now}})
	return true
}

func (l *SlidingWindowLimiter) Size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dropIdle(l.clock.Now().Add(-l.window))
	return len(l.byKey)
}

// dropIdle removes every key whose newest request is at or before cutoff. Call with mu held.
func (l *SlidingWindowLimiter) dropIdle(cutoff time.Time) {
	for e := l.lru.Front(); e != nil; {
		next := e.Next()
		kl := e.Value.(*keyLog)
		if !kl.times[len(kl.times)-1].After(cutoff) {
			l.remove(e)
		}
		e = next
	}
}

func (l *SlidingWindowLimiter) remove(e *list.Element) {
	delete(l.byKey, e.Value.(*keyLog).key)
	l.lru.Remove(e)
}
