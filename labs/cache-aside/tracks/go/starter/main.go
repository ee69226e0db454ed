// Cache-aside in front of a slow database. Read README.md for the contract; `sysdesign grade` runs the
// hidden checks. The grader starts this program with PORT (listen on 127.0.0.1:$PORT), DB_URL (the
// database) and the cache's settings: CACHE_TTL_MS, CACHE_TTL_JITTER, NEGATIVE_TTL_MS, MAX_STALE_MS,
// DB_TIMEOUT_MS, CACHE_MAX_ENTRIES. Go 1.19, standard library only.
package main

import (
	"net/http"
	"os"
)

func main() {
	dbURL := os.Getenv("DB_URL")
	_ = dbURL
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":true}`))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// TODO: GET /items/{key} -> 200 with the record from the cache, or read from dbURL+"/items/{key}"
		//       and cached for CACHE_TTL_MS (404 and 503 as the README says)
		// TODO: PUT /items/{key} -> write to the database first, then delete the cached entry
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotImplemented)
		w.Write([]byte(`{"error":"not implemented"}`))
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if err := http.ListenAndServe("127.0.0.1:"+port, mux); err != nil {
		panic(err)
	}
}
