// A CDN edge cache in front of an origin: the reference solution (Go 1.19, standard library only).
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Connection-level headers (and the framing net/http sets itself) never pass through the edge.
var hopByHop = []string{"Connection", "Keep-Alive", "Proxy-Connection", "Te", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length"}

// The edge makes its own conditional requests; the client's are not forwarded.
var conditional = []string{"If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range"}

// An entry never changes once stored (a 304 stores a new one), so a hit reads it without a lock.
type entry struct {
	header     http.Header
	body       []byte
	storedAt   time.Time
	initialAge float64 // the origin's Age when stored, in seconds
	cc         map[string]string
	varyNames  []string // canonical request header names
	varyValues []*string
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

// What one trip to the origin produced: an entry to serve, an answer to pass on, or an error.
type outcome struct {
	entry  *entry
	answer *answer
	err    error
}

// One trip to the origin per path at a time: later misses wait on done, then look again.
type call struct {
	done chan struct{}
	out  outcome
}

type edge struct {
	origin   string
	client   *http.Client
	mu       sync.RWMutex
	cache    map[string][]*entry // variants by path and query
	inflight map[string]*call
}

func directives(h http.Header) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(strings.Join(h.Values("Cache-Control"), ","), ",") {
		name, value, _ := strings.Cut(part, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "" {
			out[name] = strings.Trim(strings.TrimSpace(value), `"`)
		}
	}
	return out
}

func seconds(value string) (float64, bool) {
	n, err := strconv.ParseUint(value, 10, 31)
	return float64(n), err == nil
}

func directiveSeconds(cc map[string]string, name string) (float64, bool) {
	v, ok := cc[name]
	if !ok {
		return 0, false
	}
	return seconds(v)
}

func lifetime(cc map[string]string) float64 {
	if n, ok := directiveSeconds(cc, "s-maxage"); ok {
		return n
	}
	if n, ok := directiveSeconds(cc, "max-age"); ok {
		return n
	}
	return 0
}

func varyNames(h http.Header) []string {
	var names []string
	for _, n := range strings.Split(strings.Join(h.Values("Vary"), ","), ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, http.CanonicalHeaderKey(n))
		}
	}
	return names
}

func storable(status int, h http.Header, authorized bool) bool {
	cc := directives(h)
	_, noStore := cc["no-store"]
	_, private := cc["private"]
	if status != http.StatusOK || noStore || private {
		return false
	}
	for _, n := range varyNames(h) {
		if n == "*" {
			return false
		}
	}
	if authorized {
		_, public := cc["public"]
		_, smax := cc["s-maxage"]
		_, mustRevalidate := cc["must-revalidate"]
		if !public && !smax && !mustRevalidate {
			return false
		}
	}
	return lifetime(cc) > 0 || h.Get("ETag") != "" || h.Get("Last-Modified") != ""
}

func (e *entry) age(now time.Time) float64 {
	return e.initialAge + now.Sub(e.storedAt).Seconds()
}

func (e *entry) fresh(now time.Time) bool {
	_, noCache := e.cc["no-cache"]
	return !noCache && e.age(now) < lifetime(e.cc)
}

func headerValue(h http.Header, name string) *string {
	values, ok := h[name]
	if !ok {
		return nil
	}
	v := strings.Join(values, ", ")
	return &v
}

func (e *entry) matches(h http.Header) bool {
	for i, name := range e.varyNames {
		got, want := headerValue(h, name), e.varyValues[i]
		if (got == nil) != (want == nil) || (got != nil && *got != *want) {
			return false
		}
	}
	return true
}

func newEntry(a *answer, req http.Header, storedAt time.Time) *entry {
	names := varyNames(a.header)
	values := make([]*string, len(names))
	for i, n := range names {
		values[i] = headerValue(req, n)
	}
	age, _ := seconds(a.header.Get("Age"))
	return &entry{header: a.header, body: a.body, storedAt: storedAt, initialAge: age, cc: directives(a.header), varyNames: names, varyValues: values}
}

func (g *edge) lookup(url string, h http.Header) *entry {
	g.mu.RLock()
	defer g.mu.RUnlock()
	for _, e := range g.cache[url] {
		if e.matches(h) {
			return e
		}
	}
	return nil
}

// replace swaps old (when still stored) or the variant matching req for e; a nil e only removes.
func (g *edge) replace(url string, req http.Header, old, e *entry) {
	g.mu.Lock()
	defer g.mu.Unlock()
	var kept []*entry
	for _, x := range g.cache[url] {
		if x != old && !x.matches(req) {
			kept = append(kept, x)
		}
	}
	if e != nil {
		kept = append(kept, e)
	}
	if len(kept) == 0 {
		delete(g.cache, url)
	} else {
		g.cache[url] = kept
	}
}

func clean(h http.Header, drop []string) http.Header {
	out := h.Clone()
	for _, n := range append(append([]string{}, hopByHop...), drop...) {
		out.Del(n)
	}
	return out
}

func (g *edge) fetch(url string, h http.Header) (*answer, error) {
	req, err := http.NewRequest(http.MethodGet, g.origin+url, nil)
	if err != nil {
		return nil, err
	}
	req.Header = h
	res, err := g.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return &answer{status: res.StatusCode, header: clean(res.Header, nil), body: body}, nil
}

// update makes one trip to the origin for url: it revalidates e when given and stores what may be stored.
func (g *edge) update(url string, req http.Header, e *entry) outcome {
	h := clean(req, conditional)
	if e != nil {
		if tag := e.header.Get("ETag"); tag != "" {
			h.Set("If-None-Match", tag)
		}
		if lm := e.header.Get("Last-Modified"); lm != "" {
			h.Set("If-Modified-Since", lm)
		}
	}
	a, err := g.fetch(url, h)
	if err != nil {
		return outcome{err: err}
	}
	if a.status == http.StatusNotModified && e != nil {
		// The 304's headers replace the stored ones; the entry's age starts again.
		merged := e.header.Clone()
		for k, v := range a.header {
			merged[k] = v
		}
		age, _ := seconds(a.header.Get("Age"))
		refreshed := &entry{header: merged, body: e.body, storedAt: time.Now(), initialAge: age, cc: directives(merged), varyNames: e.varyNames, varyValues: e.varyValues}
		g.replace(url, req, e, refreshed)
		return outcome{entry: refreshed}
	}
	if storable(a.status, a.header, req.Get("Authorization") != "") {
		stored := newEntry(a, req, time.Now())
		g.replace(url, req, e, stored)
		return outcome{entry: stored}
	}
	if a.status == http.StatusOK && e != nil {
		g.replace(url, req, e, nil)
	}
	return outcome{answer: a}
}

// shared starts a trip for url that later requests can wait on; it returns the call and whether this
// request started it (false: one was already in flight).
func (g *edge) shared(url string, req http.Header, e *entry) (*call, bool) {
	g.mu.Lock()
	if c, ok := g.inflight[url]; ok {
		g.mu.Unlock()
		return c, false
	}
	c := &call{done: make(chan struct{})}
	g.inflight[url] = c
	g.mu.Unlock()
	go func() {
		c.out = g.update(url, req, e)
		g.mu.Lock()
		delete(g.inflight, url)
		g.mu.Unlock()
		close(c.done)
	}()
	return c, true
}

func sendEntry(w http.ResponseWriter, e *entry) {
	h := w.Header()
	for k, v := range e.header {
		h[k] = v
	}
	h.Set("Age", strconv.Itoa(int(e.age(time.Now()))))
	h.Set("Content-Length", strconv.Itoa(len(e.body)))
	w.WriteHeader(http.StatusOK)
	w.Write(e.body)
}

func sendJSON(w http.ResponseWriter, status int, body interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

func (g *edge) serveGet(w http.ResponseWriter, r *http.Request, url string) {
	now := time.Now()
	e := g.lookup(url, r.Header)
	if e != nil {
		if e.fresh(now) {
			sendEntry(w, e)
			return
		}
		_, noCache := e.cc["no-cache"]
		if swr, ok := directiveSeconds(e.cc, "stale-while-revalidate"); ok && !noCache && e.age(now) < lifetime(e.cc)+swr {
			g.shared(url, r.Header.Clone(), e)
			sendEntry(w, e)
			return
		}
	}
	c, started := g.shared(url, r.Header.Clone(), e)
	<-c.done
	out := c.out
	if !started {
		// Waited for another request's trip: its result serves us only if it was stored for our headers.
		e = g.lookup(url, r.Header)
		if e != nil && e.fresh(time.Now()) {
			sendEntry(w, e)
			return
		}
		out = g.update(url, r.Header, e)
	}
	if out.entry != nil {
		sendEntry(w, out.entry)
		return
	}
	if e != nil && (out.err != nil || out.answer.status >= 500) {
		if sie, ok := directiveSeconds(e.cc, "stale-if-error"); ok && e.age(time.Now()) < lifetime(e.cc)+sie {
			sendEntry(w, e)
			return
		}
	}
	if out.err != nil {
		sendJSON(w, http.StatusBadGateway, map[string]string{"error": fmt.Sprintf("the origin did not answer: %v", out.err)})
		return
	}
	h := w.Header()
	for k, v := range out.answer.header {
		h[k] = v
	}
	if h.Get("Age") == "" {
		h.Set("Age", "0")
	}
	h.Set("Content-Length", strconv.Itoa(len(out.answer.body)))
	w.WriteHeader(out.answer.status)
	w.Write(out.answer.body)
}

func (g *edge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	url := r.URL.RequestURI()
	switch {
	case r.Method == http.MethodGet && url == "/healthz":
		sendJSON(w, http.StatusOK, map[string]bool{"ok": true})
	case r.Method == "PURGE":
		g.mu.Lock()
		n := len(g.cache[url])
		delete(g.cache, url)
		g.mu.Unlock()
		sendJSON(w, http.StatusOK, map[string]int{"purged": n})
	case r.Method == http.MethodGet:
		g.serveGet(w, r, url)
	default:
		sendJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "the edge serves GET (and PURGE)"})
	}
}

func main() {
	origin := os.Getenv("ORIGIN_URL")
	if origin == "" {
		origin = "http://127.0.0.1:9000"
	}
	timeoutMs, err := strconv.Atoi(os.Getenv("ORIGIN_TIMEOUT_MS"))
	if err != nil || timeoutMs <= 0 {
		timeoutMs = 1000
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 256
	g := &edge{
		origin:   strings.TrimRight(origin, "/"),
		client:   &http.Client{Timeout: time.Duration(timeoutMs) * time.Millisecond, Transport: transport},
		cache:    map[string][]*entry{},
		inflight: map[string]*call{},
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if err := http.ListenAndServe("127.0.0.1:"+port, g); err != nil {
		panic(err)
	}
}
