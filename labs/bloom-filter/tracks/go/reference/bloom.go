package main

// A Bloom filter: m bits, k probes per item by double hashing. The contract is in README.md.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"sync"
)

const headerSize = 8

// BloomFilter is safe for concurrent use: one RWMutex guards the bits.
type BloomFilter struct {
	mu   sync.RWMutex
	m, k uint32
	bits []byte
}

// New returns an empty filter of m bits probed k times per item.
func New(m, k uint32) (*BloomFilter, error) {
	if m == 0 || k == 0 {
		return nil, fmt.Errorf("m and k must be at least 1, got m = %d, k = %d", m, k)
	}
	return &BloomFilter{m: m, k: k, bits: make([]byte, (uint64(m)+7)/8)}, nil
}

// NewWithCapacity sizes a filter for n items at false-positive rate p.
func NewWithCapacity(n uint64, p float64) (*BloomFilter, error) {
	if n == 0 {
		return nil, errors.New("n must be at least 1")
	}
	if !(p > 0 && p < 1) {
		return nil, fmt.Errorf("p must be strictly between 0 and 1, got %v", p)
	}
	m := math.Ceil(-float64(n) * math.Log(p) / (math.Ln2 * math.Ln2))
	if m > math.MaxUint32 {
		return nil, fmt.Errorf("n = %d at p = %v needs m = %.0f bits, more than 2^32-1", n, p, m)
	}
	k := math.Max(1, math.Round(m/float64(n)*math.Ln2))
	return New(uint32(m), uint32(k))
}

func (f *BloomFilter) M() uint32 { return f.m }
func (f *BloomFilter) K() uint32 { return f.k }

// baseHashes: h1 is the low half, h2 the high half forced odd, of fmix64(FNV-1a 64(item)).
func baseHashes(item string) (uint64, uint64) {
	h := uint64(0xcbf29ce484222325)
	for i := 0; i < len(item); i++ {
		h ^= uint64(item[i])
		h *= 0x100000001b3
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h & 0xffffffff, (h >> 32) | 1
}

// Locations returns the k bit indexes of item, in probe order.
func (f *BloomFilter) Locations(item string) []uint32 {
	h1, h2 := baseHashes(item)
	m := uint64(f.m)
	out := make([]uint32, f.k)
	for i := range out {
		out[i] = uint32((h1 + uint64(i)*h2) % m) // below k * 2^32: no overflow in uint64
	}
	return out
}

func (f *BloomFilter) Add(item string) {
	locs := f.Locations(item)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, i := range locs {
		f.bits[i>>3] |= 1 << (i & 7)
	}
}

func (f *BloomFilter) MightContain(item string) bool {
	locs := f.Locations(item)
	f.mu.RLock()
	defer f.mu.RUnlock()
	for _, i := range locs {
		if f.bits[i>>3]&(1<<(i&7)) == 0 {
			return false
		}
	}
	return true
}

func (f *BloomFilter) BitCount() uint32 {
	f.mu.RLock()
	defer f.mu.RUnlock()
	n := 0
	for _, b := range f.bits {
		n += bits.OnesCount8(b)
	}
	return uint32(n)
}

func (f *BloomFilter) SizeInBytes() int {
	return len(f.bits)
}

func (f *BloomFilter) MarshalBinary() ([]byte, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	out := make([]byte, headerSize+len(f.bits))
	binary.BigEndian.PutUint32(out[0:4], f.m)
	binary.BigEndian.PutUint32(out[4:8], f.k)
	copy(out[headerSize:], f.bits)
	return out, nil
}

func (f *BloomFilter) UnmarshalBinary(data []byte) error {
	if len(data) < headerSize {
		return fmt.Errorf("malformed filter: %d bytes, shorter than the 8-byte header", len(data))
	}
	m := binary.BigEndian.Uint32(data[0:4])
	k := binary.BigEndian.Uint32(data[4:8])
	if m == 0 || k == 0 {
		return fmt.Errorf("malformed filter: m = %d, k = %d (both must be at least 1)", m, k)
	}
	size := int((uint64(m) + 7) / 8)
	if len(data) != headerSize+size {
		return fmt.Errorf("malformed filter: m = %d needs %d bytes, got %d", m, headerSize+size, len(data))
	}
	if m%8 != 0 && data[len(data)-1]>>(m%8) != 0 {
		return fmt.Errorf("malformed filter: bits past m = %d are set", m)
	}
	b := make([]byte, size)
	copy(b, data[headerSize:])
	f.mu.Lock()
	defer f.mu.Unlock()
	f.m, f.k, f.bits = m, k, b
	return nil
}
