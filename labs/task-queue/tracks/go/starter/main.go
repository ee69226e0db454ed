// Task queue. Read README.md for the contract; `sysdesign grade` runs the hidden checks.
// The grader starts this program with PORT (listen on 127.0.0.1:$PORT), DATA_DIR (keep
// DATA_DIR/queue.log there), VISIBILITY_TIMEOUT_MS, MAX_ATTEMPTS and BACKOFF_BASE_MS.
// Go 1.19, standard library only.
package main

import (
	"net/http"
	"os"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":true}`))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// TODO: POST /queues/{queue}/jobs           -> 201 {"id"}  (200 {"id"} for a known idempotencyKey)
		// TODO: POST /queues/{queue}/lease          -> 200 {"id", "payload", "priority", "attempt", "lease"} or 204
		// TODO: POST /queues/{queue}/jobs/{id}/ack  -> 204 (409 stale lease, 404 unknown job)
		// TODO: POST /queues/{queue}/jobs/{id}/nack -> 204, then backoff or dead
		// TODO: GET  /queues/{queue}/dead           -> 200 {"jobs": [{"id", "payload", "attempts"}]}
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
