// Reference solution: one map of items behind a mutex (net/http serves each request on its own goroutine).
package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"sync"
)

var keyPath = regexp.MustCompile(`^/items/([A-Za-z0-9_-]+)$`)

type store struct {
	mu    sync.Mutex
	items map[string]string
}

func answer(w http.ResponseWriter, status int, body interface{}) {
	if body == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

func notFound(w http.ResponseWriter) {
	answer(w, http.StatusNotFound, map[string]string{"error": "no such item"})
}

func (s *store) serveItem(w http.ResponseWriter, r *http.Request) {
	m := keyPath.FindStringSubmatch(r.URL.Path)
	if m == nil {
		answer(w, http.StatusNotFound, map[string]string{"error": "no such path"})
		return
	}
	key := m[1]
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.Method {
	case http.MethodPut:
		raw, err := io.ReadAll(r.Body)
		var body struct {
			Value *string `json:"value"`
		}
		if err != nil || json.Unmarshal(raw, &body) != nil || body.Value == nil {
			answer(w, http.StatusBadRequest, map[string]string{"error": `the body must be {"value": "<string>"}`})
			return
		}
		s.items[key] = *body.Value
		answer(w, http.StatusOK, map[string]string{"key": key, "value": *body.Value})
	case http.MethodGet:
		value, ok := s.items[key]
		if !ok {
			notFound(w)
			return
		}
		answer(w, http.StatusOK, map[string]string{"key": key, "value": value})
	case http.MethodDelete:
		if _, ok := s.items[key]; !ok {
			notFound(w)
			return
		}
		delete(s.items, key)
		answer(w, http.StatusNoContent, nil)
	default:
		answer(w, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
	}
}

func main() {
	s := &store{items: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		answer(w, http.StatusOK, map[string]bool{"ok": true})
	})
	mux.HandleFunc("/items/", s.serveItem)
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if err := http.ListenAndServe("127.0.0.1:"+port, mux); err != nil {
		panic(err)
	}
}
