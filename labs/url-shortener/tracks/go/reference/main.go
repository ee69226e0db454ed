// URL shortener: net/http only. Every accepted link is appended to DATA_DIR/urls.log (one JSON line) and
// synced before the 201 goes out; on start the log is replayed, so links survive restarts and crashes.
// One goroutine writes the log: creates that arrive while it syncs share its next sync (group commit), so
// a burst of creates costs a few syncs, not one each. Click counts go to the same log a little after the
// redirect, never on its path.
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	alphabet   = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	codeLength = 7
	maxURL     = 2048
	maxBody    = 16 * 1024
	// Clicks reach the log this often (the contract allows a crash to lose the last second of them).
	clickFlush = 250 * time.Millisecond
)

// Paths the server serves itself: an alias equal to one would be shadowed by them.
var reserved = map[string]bool{"healthz": true, "urls": true}

var (
	aliasPattern = regexp.MustCompile(`^[0-9A-Za-z_-]{3,32}$`)
	printable    = regexp.MustCompile(`^[\x21-\x7e]+$`)
)

type link struct {
	URL       string
	CreatedAt string
	ExpiresAt int64 // Unix milliseconds; 0: never
	Clicks    int64
	dirty     bool // clicks not yet queued for the log
}

// record is a line of the log: a link (url set), or the click count of the link under code.
type record struct {
	Code      string `json:"code"`
	URL       string `json:"url,omitempty"`
	CreatedAt string `json:"createdAt,omitempty"`
	ExpiresAt int64  `json:"expiresAt,omitempty"`
	Clicks    *int64 `json:"clicks,omitempty"`
}

type dirtyLink struct {
	code string
	l    *link
}

type store struct {
	mu    sync.Mutex
	links map[string]*link
	dirty []dirtyLink
	log   *journal
}

// journal appends lines to the log in the order they were queued; one goroutine writes and syncs them in
// batches, and tells each waiter once its line is on disk.
type journal struct {
	mu      sync.Mutex
	wake    *sync.Cond
	pending []byte
	waiters []chan error
	file    *os.File
}

func newJournal(file *os.File) *journal {
	j := &journal{file: file}
	j.wake = sync.NewCond(&j.mu)
	go j.run()
	return j
}

// append queues lines (each ended by a newline); done, when not nil, hears once they are synced.
func (j *journal) append(lines []byte, done chan error) {
	j.mu.Lock()
	j.pending = append(j.pending, lines...)
	if done != nil {
		j.waiters = append(j.waiters, done)
	}
	j.mu.Unlock()
	j.wake.Signal()
}

func (j *journal) run() {
	for {
		j.mu.Lock()
		for len(j.pending) == 0 && len(j.waiters) == 0 {
			j.wake.Wait()
		}
		batch, waiters := j.pending, j.waiters
		j.pending, j.waiters = nil, nil
		j.mu.Unlock()
		_, err := j.file.Write(batch)
		if err == nil {
			err = j.file.Sync()
		}
		for _, w := range waiters {
			w <- err
		}
	}
}

func openStore(dir string) (*store, error) {
	path := filepath.Join(dir, "urls.log")
	s := &store{links: map[string]*link{}}
	if data, err := os.ReadFile(path); err == nil {
		// A crash mid-write leaves an unterminated last line: it was never acknowledged. Cut it off, or the
		// next record would be appended onto it and lost with it.
		complete := bytes.LastIndexByte(data, '\n') + 1
		if complete < len(data) {
			if err := os.Truncate(path, int64(complete)); err != nil {
				return nil, err
			}
		}
		for _, line := range bytes.Split(data[:complete], []byte{'\n'}) {
			var r record
			if len(line) == 0 || json.Unmarshal(line, &r) != nil {
				continue // a line that does not parse was never acknowledged
			}
			if r.URL != "" {
				// A later record for the same code is a new link under a code whose old link had expired.
				s.links[r.Code] = &link{URL: r.URL, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt}
			} else if l, ok := s.links[r.Code]; ok && r.Clicks != nil {
				l.Clicks = *r.Clicks
			}
		}
	}
	log, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	s.log = newJournal(log)
	return s, nil
}

func newCode() string {
	b := make([]byte, codeLength)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err)
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b)
}

func expired(l *link) bool {
	return l.ExpiresAt != 0 && time.Now().UnixMilli() >= l.ExpiresAt
}

// add stores a link under the alias, or under a fresh code; the record is on disk before it returns.
func (s *store) add(alias, target string, ttl float64) (string, int, error) {
	s.mu.Lock()
	code := alias
	if code == "" {
		for {
			code = newCode()
			if _, taken := s.links[code]; !taken {
				break
			}
		}
	} else if old, taken := s.links[code]; taken && !expired(old) {
		// An expired alias is free again: only a live link holds its code.
		s.mu.Unlock()
		return "", http.StatusConflict, nil
	}
	l := &link{URL: target, CreatedAt: time.Now().UTC().Format(time.RFC3339Nano)}
	if ttl > 0 {
		l.ExpiresAt = time.Now().UnixMilli() + int64(ttl*1000)
	}
	line, _ := json.Marshal(record{Code: code, URL: l.URL, CreatedAt: l.CreatedAt, ExpiresAt: l.ExpiresAt})
	// Taken at once, so no other create gets the code while the record waits for its sync; queued under the
	// same lock, so the log keeps the order of the map's changes.
	s.links[code] = l
	done := make(chan error, 1)
	s.log.append(append(line, '\n'), done)
	s.mu.Unlock()
	if err := <-done; err != nil {
		s.mu.Lock()
		if s.links[code] == l {
			delete(s.links, code)
		}
		s.mu.Unlock()
		return "", http.StatusInternalServerError, err
	}
	return code, http.StatusCreated, nil
}

// live returns the link when it exists and has not expired; click counts it as a redirect too.
func (s *store) live(code string, click bool) (link, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.links[code]
	if !ok || expired(l) {
		return link{}, false
	}
	if click {
		l.Clicks++
		if !l.dirty {
			l.dirty = true
			s.dirty = append(s.dirty, dirtyLink{code, l})
		}
	}
	return *l, true
}

// flushClicks queues the counts that changed since the last flush; done hears once they are synced.
func (s *store) flushClicks(done chan error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var lines []byte
	for _, d := range s.dirty {
		d.l.dirty = false
		// A code given to a new link since (the old one expired) must not carry the old link's clicks.
		if s.links[d.code] == d.l {
			lines = append(lines, `{"code":"`+d.code+`","clicks":`+strconv.FormatInt(d.l.Clicks, 10)+"}\n"...)
		}
	}
	s.dirty = s.dirty[:0]
	if len(lines) > 0 || done != nil {
		s.log.append(lines, done)
	}
}

func validURL(raw string) bool {
	if len(raw) > maxURL || !printable.MatchString(raw) {
		return false
	}
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Hostname() != ""
}

func writeJSON(w http.ResponseWriter, status int, body interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

func fail(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]string{"error": message})
}

func (s *store) shorten(w http.ResponseWriter, r *http.Request) {
	var input map[string]json.RawMessage
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&input); err != nil || input == nil {
		fail(w, http.StatusBadRequest, "the body must be a JSON object")
		return
	}
	var target, alias string
	var ttl float64
	// null means absent, for every optional field alike.
	for _, optional := range []string{"alias", "ttlSeconds"} {
		if raw, ok := input[optional]; ok && string(bytes.TrimSpace(raw)) == "null" {
			delete(input, optional)
		}
	}
	if raw, ok := input["url"]; !ok || json.Unmarshal(raw, &target) != nil || !validURL(target) {
		fail(w, http.StatusBadRequest, "url must be an absolute http or https URL with a host, at most 2048 characters")
		return
	}
	if raw, ok := input["alias"]; ok && (json.Unmarshal(raw, &alias) != nil || !aliasPattern.MatchString(alias)) {
		fail(w, http.StatusBadRequest, "alias must match ^[0-9A-Za-z_-]{3,32}$")
		return
	}
	if reserved[alias] {
		fail(w, http.StatusBadRequest, "alias "+alias+" is a path the server serves")
		return
	}
	if raw, ok := input["ttlSeconds"]; ok && (json.Unmarshal(raw, &ttl) != nil || ttl <= 0) {
		fail(w, http.StatusBadRequest, "ttlSeconds must be a positive number")
		return
	}
	code, status, err := s.add(alias, target, ttl)
	switch {
	case err != nil:
		fail(w, status, "could not store the link")
	case status == http.StatusConflict:
		fail(w, status, "alias "+alias+" is taken")
	default:
		writeJSON(w, status, map[string]string{"code": code})
	}
}

func (s *store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	switch {
	case path == "/healthz" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	case path == "/urls":
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			fail(w, http.StatusMethodNotAllowed, "use POST")
			return
		}
		s.shorten(w, r)
	case strings.HasPrefix(path, "/urls/") && strings.HasSuffix(path, "/stats") && r.Method == http.MethodGet:
		code := strings.TrimSuffix(strings.TrimPrefix(path, "/urls/"), "/stats")
		l, ok := s.live(code, false)
		if !ok || strings.Contains(code, "/") {
			fail(w, http.StatusNotFound, "no such code")
			return
		}
		writeJSON(w, http.StatusOK, map[string]interface{}{"url": l.URL, "clicks": l.Clicks, "createdAt": l.CreatedAt})
	case r.Method == http.MethodGet && strings.Count(path, "/") == 1 && len(path) > 1:
		l, ok := s.live(path[1:], true)
		if !ok {
			fail(w, http.StatusNotFound, "no such code")
			return
		}
		w.Header().Set("Location", l.URL)
		w.WriteHeader(http.StatusFound)
	default:
		fail(w, http.StatusNotFound, "not found")
	}
}

func main() {
	dir := os.Getenv("DATA_DIR")
	if dir == "" {
		dir = "."
	}
	s, err := openStore(dir)
	if err != nil {
		panic(err)
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	go func() {
		for range time.Tick(clickFlush) {
			s.flushClicks(nil)
		}
	}()
	server := &http.Server{Addr: "127.0.0.1:" + port, Handler: s}
	stopped := make(chan struct{})
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
		<-stop
		server.Close()
		// Counts survive a graceful restart exactly: the last clicks are synced before the process ends.
		done := make(chan error, 1)
		s.flushClicks(done)
		<-done
		close(stopped)
	}()
	if err := server.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		panic(err)
	}
	<-stopped
}
