// Reference: a token-bucket rate limiter shared by several instances through the store. Requests on /open
// and /closed are decided in batches, one batch in flight per client in each instance: a batch takes as
// many tokens as it has requests (or what is left) with a read and a compare-and-set, retried on conflict,
// so concurrent requests never storm the store with CAS retries. /bulk reserves tokens in blocks and spends
// them locally, one reservation in flight per client.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

func envFloat(name string, fallback float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil {
		return v
	}
	return fallback
}

var (
	storeURL     = os.Getenv("STORE_URL")
	capacity     = envFloat("BUCKET_CAPACITY", 8)
	refill       = envFloat("REFILL_PER_SECOND", 2)
	storeTimeout = time.Duration(envFloat("STORE_TIMEOUT_MS", 2000)) * time.Millisecond
	bulkBlock    = int(envFloat("BULK_BLOCK", 20))
	standard     = bucket{capacity, refill}
	bulkBucket   = bucket{envFloat("BULK_CAPACITY", 600), envFloat("BULK_REFILL_PER_SECOND", 300)}
	httpClient   = &http.Client{Timeout: storeTimeout, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	route        = regexp.MustCompile(`^/(open|closed|bulk)/([A-Za-z0-9_-]{1,64})$`)
	errStore     = errors.New("the store failed")
)

// Compare-and-set rounds before a request gives up (each is one store round trip).
const maxRounds = 200

type bucket struct{ capacity, refill float64 }

type storeReply struct {
	Value *string `json:"value"`
	OK    bool    `json:"ok"`
}

func store(cmd map[string]interface{}) (storeReply, error) {
	var reply storeReply
	body, _ := json.Marshal(cmd)
	res, err := httpClient.Post(storeURL+"/cmd", "application/json", bytes.NewReader(body))
	if err != nil {
		return reply, errStore
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return reply, errStore
	}
	if err := json.NewDecoder(res.Body).Decode(&reply); err != nil {
		return reply, errStore
	}
	return reply, nil
}

func nowMs() int64 { return time.Now().UnixNano() / int64(time.Millisecond) }

// tokensAt is the bucket's tokens at now, from its stored state "tokens:atMs" (missing: a full bucket).
func tokensAt(b bucket, stored *string, now int64) float64 {
	if stored == nil {
		return b.capacity
	}
	parts := strings.SplitN(*stored, ":", 2)
	tokens, _ := strconv.ParseFloat(parts[0], 64)
	at, _ := strconv.ParseInt(parts[len(parts)-1], 10, 64)
	return math.Min(b.capacity, tokens+math.Max(0, float64(now-at))*b.refill/1000)
}

// take takes up to want whole tokens (as many as there are, up to it); it returns how many and what is left.
func take(b bucket, key string, want int) (int, float64, error) {
	got, err := store(map[string]interface{}{"op": "GET", "key": key})
	if err != nil {
		return 0, 0, err
	}
	stored := got.Value
	for round := 0; round < maxRounds; round++ {
		now := nowMs()
		tokens := tokensAt(b, stored, now)
		taken := int(math.Min(float64(want), math.Floor(tokens)))
		if taken == 0 {
			return 0, tokens, nil
		}
		left := tokens - float64(taken)
		var expect interface{}
		if stored != nil {
			expect = *stored
		}
		// The key lives until the bucket would be full again: a missing key means exactly that.
		ttl := int64(math.Ceil((b.capacity-left)*1000/b.refill)) + 1
		answer, err := store(map[string]interface{}{"op": "CAS", "key": key, "expect": expect, "value": fmt.Sprintf("%v:%d", left, now), "ttlMs": ttl})
		if err != nil {
			return 0, 0, err
		}
		if answer.OK {
			return taken, left, nil
		}
		stored = answer.Value
	}
	return 0, 0, errStore
}

// decision is one request's answer: allowed or not, and the tokens the bucket held right after it.
type decision struct {
	allowed bool
	after   float64
	err     error
}

// queue holds, per client, the requests waiting for the next batch and whether one is in flight.
type queue struct {
	running bool
	waiting []chan decision
}

var (
	queuesMu sync.Mutex
	queues   = map[string]*queue{}
)

func decide(key string) decision {
	ch := make(chan decision, 1)
	queuesMu.Lock()
	q := queues[key]
	if q == nil {
		q = &queue{}
		queues[key] = q
	}
	q.waiting = append(q.waiting, ch)
	start := !q.running
	q.running = true
	queuesMu.Unlock()
	if start {
		go runBatches(key, q)
	}
	return <-ch
}

func runBatches(key string, q *queue) {
	for {
		queuesMu.Lock()
		batch := q.waiting
		q.waiting = nil
		if len(batch) == 0 {
			q.running = false
			delete(queues, key)
			queuesMu.Unlock()
			return
		}
		queuesMu.Unlock()
		taken, left, err := take(standard, key, len(batch))
		// In arrival order: the first `taken` are allowed, each leaving the tokens the later ones take.
		for j, ch := range batch {
			switch {
			case err != nil:
				ch <- decision{err: err}
			case j < taken:
				ch <- decision{allowed: true, after: left + float64(taken-j-1)}
			default:
				ch <- decision{after: left}
			}
		}
	}
}

// reservation is what this instance holds of a client's bulk bucket, and the reservation in flight.
type reservation struct {
	tokens    int
	pending   chan struct{}
	lastTaken int
	lastErr   error
}

var (
	bulkMu   sync.Mutex
	reserved = map[string]*reservation{}
)

// bulk answers 200, 429 or 503 for one /bulk request.
func bulk(client string) int {
	bulkMu.Lock()
	defer bulkMu.Unlock()
	r := reserved[client]
	if r == nil {
		r = &reservation{}
		reserved[client] = r
	}
	for {
		if r.tokens >= 1 {
			r.tokens--
			return http.StatusOK
		}
		if r.pending == nil {
			done := make(chan struct{})
			r.pending = done
			bulkMu.Unlock()
			taken, _, err := take(bulkBucket, "bulk:"+client, bulkBlock)
			bulkMu.Lock()
			r.tokens += taken
			r.lastTaken, r.lastErr, r.pending = taken, err, nil
			close(done)
		} else {
			done := r.pending
			bulkMu.Unlock()
			<-done
			bulkMu.Lock()
		}
		if r.tokens >= 1 {
			continue
		}
		if r.lastErr != nil {
			return http.StatusServiceUnavailable
		}
		if r.lastTaken == 0 {
			return http.StatusTooManyRequests
		}
	}
}

func send(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func handle(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == "/healthz" {
		send(w, 200, `{"ok":true}`)
		return
	}
	m := route.FindStringSubmatch(r.URL.Path)
	if r.Method != http.MethodGet || m == nil {
		send(w, 404, `{"error":"no such route"}`)
		return
	}
	switch status := 0; m[1] {
	case "bulk":
		status = bulk(m[2])
		switch status {
		case 200:
			send(w, 200, `{"allowed":true}`)
		case 429:
			send(w, 429, `{"error":"rate limited"}`)
		default:
			send(w, 503, `{"error":"the rate limiter cannot reach its store"}`)
		}
	default:
		d := decide("rl:" + m[2])
		if d.err != nil {
			if m[1] == "open" {
				send(w, 200, `{"allowed":true,"degraded":true}`)
			} else {
				send(w, 503, `{"error":"the rate limiter cannot reach its store"}`)
			}
			return
		}
		h := w.Header()
		h.Set("RateLimit-Limit", strconv.Itoa(int(capacity)))
		h.Set("RateLimit-Remaining", strconv.Itoa(int(math.Floor(d.after))))
		h.Set("RateLimit-Reset", strconv.Itoa(int(math.Ceil((capacity-d.after)/refill))))
		if d.allowed {
			send(w, 200, `{"allowed":true}`)
			return
		}
		h.Set("Retry-After", strconv.Itoa(int(math.Ceil((1-d.after)/refill))))
		send(w, 429, `{"error":"rate limited"}`)
	}
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if storeURL == "" {
		storeURL = "http://127.0.0.1:9000"
	}
	server := &http.Server{Addr: "127.0.0.1:" + port, Handler: http.HandlerFunc(handle)}
	if err := server.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
