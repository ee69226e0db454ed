package main

// Your Bloom filter. The contract is in README.md; driver.go (provided, do not edit) calls it.

import (
	"errors"
	"fmt"
)

// BloomFilter is m bits probed k times per item. Every method except UnmarshalBinary must be safe for
// concurrent use.
type BloomFilter struct {
	// TODO: m, k, the ceil(m/8) bytes of bits, and a lock.
	m, k uint32
}

// New returns an empty filter of m bits probed k times per item; an error when m or k is 0.
func New(m, k uint32) (*BloomFilter, error) {
	// TODO
	return nil, fmt.Errorf("not implemented: New(%d, %d)", m, k)
}

// NewWithCapacity sizes a filter for n items at false-positive rate p:
// m = ceil(-n ln p / (ln 2)^2), k = max(1, round(m/n ln 2)).
func NewWithCapacity(n uint64, p float64) (*BloomFilter, error) {
	// TODO
	return nil, fmt.Errorf("not implemented: NewWithCapacity(%d, %v)", n, p)
}

// M is the number of bits.
func (f *BloomFilter) M() uint32 { return f.m }

// K is the number of probes per item.
func (f *BloomFilter) K() uint32 { return f.k }

// Locations returns the k bit indexes of item, in probe order: (h1 + i*h2) mod m for i = 0 .. k-1,
// with h1 and h2 from fmix64(FNV-1a 64 of the bytes of item); see README.md.
func (f *BloomFilter) Locations(item string) []uint32 {
	// TODO
	return nil
}

// Add sets the k bits of item.
func (f *BloomFilter) Add(item string) {
	// TODO
}

// MightContain is false when item was certainly never added, true when all its k bits are set.
func (f *BloomFilter) MightContain(item string) bool {
	// TODO
	return false
}

// BitCount is how many of the m bits are set.
func (f *BloomFilter) BitCount() uint32 {
	// TODO
	return 0
}

// SizeInBytes is the bytes of bit storage the filter holds.
func (f *BloomFilter) SizeInBytes() int {
	// TODO
	return 0
}

// MarshalBinary writes m and k as big-endian uint32, then the ceil(m/8) bytes of bits
// (bit i in byte i/8, at bit i%8, least significant first).
func (f *BloomFilter) MarshalBinary() ([]byte, error) {
	// TODO
	return nil, errors.New("not implemented: MarshalBinary")
}

// UnmarshalBinary reads what MarshalBinary wrote into f; an error, and f unchanged, when data is malformed.
func (f *BloomFilter) UnmarshalBinary(data []byte) error {
	// TODO
	return errors.New("not implemented: UnmarshalBinary")
}
