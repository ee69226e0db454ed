package main

// Your rate limiters. The contract is in README.md; driver.go (provided, do not edit) calls them.

import "time"

type Clock interface {
	Now() time.Time
}

type TokenBucket struct {
	// TODO: rate, burst, the clock, the stored tokens (float64) and the last update, and a lock.
}

// NewTokenBucket makes a bucket that starts full. It panics on a negative, NaN or infinite rate or a
// negative burst. A nil clock means real time.
func NewTokenBucket(rate float64, burst int, clock Clock) *TokenBucket {
	// TODO
	_, _, _ = rate, burst, clock
	return &TokenBucket{}
}

func (b *TokenBucket) Allow() bool { return b.AllowN(1) }

// AllowN takes n tokens if the bucket holds them now, or refuses and takes nothing.
func (b *TokenBucket) AllowN(n int) bool {
	// TODO: n < 0 refused, n == 0 allowed, n > burst refused; otherwise take n or nothing.
	_ = n
	return false
}

// Tokens returns the tokens available now: min(burst, stored + elapsed seconds × rate). It changes nothing.
func (b *TokenBucket) Tokens() float64 {
	// TODO
	return 0
}

type SlidingWindowLimiter struct {
	// TODO: limit, window, maxKeys, the clock, a log of allowed instants per key in recency order, and a lock.
}

// NewSlidingWindowLimiter panics on a negative limit, a window <= 0 or maxKeys < 1. A nil clock means real time.
func NewSlidingWindowLimiter(limit int, window time.Duration, maxKeys int, clock Clock) *SlidingWindowLimiter {
	// TODO
	_, _, _, _ = limit, window, maxKeys, clock
	return &SlidingWindowLimiter{}
}

// Allow is allowed (and recorded) when fewer than limit of the key's requests are in the window.
func (l *SlidingWindowLimiter) Allow(key string) bool {
	// TODO: keep at most maxKeys keys, evicting the least recently used.
	_ = key
	return false
}

// Size returns the number of keys with at least one request in the window.
func (l *SlidingWindowLimiter) Size() int {
	// TODO
	return 0
}
