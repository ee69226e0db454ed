// Cache-aside in front of a slow database: the reference solution (Go 1.19, standard library only).
package main

import (
	"container/list"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// entry is a cached answer: the record's JSON as the database sent it, or "not found" (found == false).
type entry struct {
	key     string
	body    []byte
	found   bool
	expires time.Time
	readAt  time.Time
	elem    *list.Element
}

// result is what one database read gave: status 200 or 404, or 0 when it failed (why says how).
type result struct {
	body   []byte
	status int
	why    string
}

// call is one database read in flight; every GET of the key that misses meanwhile waits on done.
type call struct {
	done chan struct{}
	res  result
}

type config struct {
	dbURL       string
	ttl         time.Duration
	jitter      float64
	negativeTTL time.Duration
	maxStale    time.Duration
	maxEntries  int
}

type cache struct {
	cfg      config
	client   *http.Client
	mu       sync.Mutex
	entries  map[string]*entry
	lru      *list.List // front: most recently used; values are *entry
	inflight map[string]*call
	// generation is bumped by every write, so a read that started before a write never stores what it read.
	generation map[string]uint64
}

func (c *cache) lifetime(ttl time.Duration) time.Duration {
	return time.Duration(float64(ttl) * (1 - c.cfg.jitter*rand.Float64()))
}

// store puts an entry in as the most recently used, evicting the least recently used beyond the bound.
// The caller holds mu.
func (c *cache) store(e *entry) {
	c.remove(e.key)
	e.elem = c.lru.PushFront(e)
	c.entries[e.key] = e
	for c.lru.Len() > c.cfg.maxEntries {
		c.remove(c.lru.Back().Value.(*entry).key)
	}
}

// remove deletes a key's entry, if any. The caller holds mu.
func (c *cache) remove(key string) {
	if old, ok := c.entries[key]; ok {
		c.lru.Remove(old.elem)
		delete(c.entries, key)
	}
}

func (c *cache) readDB(key string) result {
	res, err := c.client.Get(c.cfg.dbURL + "/items/" + key)
	if err != nil {
		return result{why: "the database did not answer: " + err.Error()}
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return result{why: "the database's answer was cut: " + err.Error()}
	}
	if res.StatusCode == http.StatusOK || res.StatusCode == http.StatusNotFound {
		return result{body: body, status: res.StatusCode}
	}
	return result{why: fmt.Sprintf("the database answered %d", res.StatusCode)}
}

// load reads the key once for every GET that missed while it runs, and stores the result before any of
// them answers.
func (c *cache) load(key string, cl *call, gen uint64) {
	res := c.readDB(key)
	now := time.Now()
	c.mu.Lock()
	if c.inflight[key] == cl {
		delete(c.inflight, key)
	}
	if c.generation[key] == gen {
		switch res.status {
		case http.StatusOK:
			c.store(&entry{key: key, body: res.body, found: true, expires: now.Add(c.lifetime(c.cfg.ttl)), readAt: now})
		case http.StatusNotFound:
			c.store(&entry{key: key, expires: now.Add(c.lifetime(c.cfg.negativeTTL)), readAt: now})
		}
	}
	c.mu.Unlock()
	cl.res = res
	close(cl.done)
}

func (c *cache) get(w http.ResponseWriter, key string) {
	c.mu.Lock()
	if e, ok := c.entries[key]; ok && time.Now().Before(e.expires) {
		c.lru.MoveToFront(e.elem)
		c.mu.Unlock()
		if e.found {
			writeJSON(w, http.StatusOK, e.body)
		} else {
			writeError(w, http.StatusNotFound, "not found")
		}
		return
	}
	cl, loading := c.inflight[key]
	if !loading {
		cl = &call{done: make(chan struct{})}
		c.inflight[key] = cl
	}
	gen := c.generation[key]
	c.mu.Unlock()
	if !loading {
		c.load(key, cl, gen)
	}
	<-cl.done
	switch cl.res.status {
	case http.StatusOK:
		writeJSON(w, http.StatusOK, cl.res.body)
		return
	case http.StatusNotFound:
		writeError(w, http.StatusNotFound, "not found")
		return
	}
	c.mu.Lock()
	stale, ok := c.entries[key]
	c.mu.Unlock()
	if ok && stale.found && time.Since(stale.readAt) < c.cfg.maxStale {
		writeJSON(w, http.StatusOK, stale.body)
		return
	}
	writeError(w, http.StatusServiceUnavailable, cl.res.why)
}

func (c *cache) put(w http.ResponseWriter, r *http.Request, key string) {
	var body map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body == nil {
		writeError(w, http.StatusBadRequest, `the body must be a JSON object with a "value" field`)
		return
	}
	value, ok := body["value"]
	if !ok {
		writeError(w, http.StatusBadRequest, `the body must be a JSON object with a "value" field`)
		return
	}
	payload, _ := json.Marshal(map[string]json.RawMessage{"value": value})
	req, _ := http.NewRequest(http.MethodPut, c.cfg.dbURL+"/items/"+key, strings.NewReader(string(payload)))
	req.Header.Set("Content-Type", "application/json")
	res, err := c.client.Do(req)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "the database did not answer: "+err.Error())
		return
	}
	defer res.Body.Close()
	answer, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		writeError(w, http.StatusServiceUnavailable, fmt.Sprintf("the database answered %d", res.StatusCode))
		return
	}
	// Delete, never update: the next GET loads the database's latest value.
	c.mu.Lock()
	c.generation[key]++
	c.remove(key)
	delete(c.inflight, key)
	c.mu.Unlock()
	writeJSON(w, http.StatusOK, answer)
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

func writeError(w http.ResponseWriter, status int, message string) {
	body, _ := json.Marshal(map[string]string{"error": message})
	writeJSON(w, status, body)
}

func envInt(name string, fallback int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return fallback
}

func envMs(name string, fallback int) time.Duration {
	return time.Duration(envInt(name, fallback)) * time.Millisecond
}

var itemPath = regexp.MustCompile(`^/items/([A-Za-z0-9_.-]{1,100})$`)

func main() {
	rand.Seed(time.Now().UnixNano())
	jitter, err := strconv.ParseFloat(os.Getenv("CACHE_TTL_JITTER"), 64)
	if err != nil {
		jitter = 0.5
	}
	cfg := config{
		dbURL: os.Getenv("DB_URL"), ttl: envMs("CACHE_TTL_MS", 3000), jitter: jitter,
		negativeTTL: envMs("NEGATIVE_TTL_MS", 1200), maxStale: envMs("MAX_STALE_MS", 6000),
		maxEntries: envInt("CACHE_MAX_ENTRIES", 1000),
	}
	c := &cache{
		cfg: cfg,
		client: &http.Client{
			Timeout:   envMs("DB_TIMEOUT_MS", 1000),
			Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: 30 * time.Second},
		},
		entries: map[string]*entry{}, lru: list.New(), inflight: map[string]*call{}, generation: map[string]uint64{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, []byte(`{"ok":true}`))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		m := itemPath.FindStringSubmatch(r.URL.Path)
		switch {
		case m != nil && r.Method == http.MethodGet:
			c.get(w, m[1])
		case m != nil && r.Method == http.MethodPut:
			c.put(w, r, m[1])
		default:
			writeError(w, http.StatusNotFound, "no such path")
		}
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if err := http.ListenAndServe("127.0.0.1:"+port, mux); err != nil {
		panic(err)
	}
}
