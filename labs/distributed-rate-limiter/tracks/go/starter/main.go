// A rate limiter shared by several instances of this server. Read README.md for the contract;
// `sysdesign grade` runs the hidden checks. The grader starts three copies of this program, each with its
// own PORT (listen on 127.0.0.1:$PORT), and gives them all STORE_URL (the shared store) and the limits:
// BUCKET_CAPACITY, REFILL_PER_SECOND, STORE_TIMEOUT_MS, BULK_CAPACITY, BULK_REFILL_PER_SECOND, BULK_BLOCK.
// The standard library is all you need (net/http, encoding/json, sync).
package main

import (
	"net/http"
	"os"
)

func main() {
	storeURL := os.Getenv("STORE_URL")
	_ = storeURL
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	})
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// TODO: GET /open/{client} and GET /closed/{client} -> take one token from the client's bucket in
		//       the store (POST STORE_URL + "/cmd"): 200 when there was one, 429 with Retry-After when not
		// TODO: when the store fails, /open answers 200 (fail-open) and /closed 503 (fail-closed)
		// TODO: GET /bulk/{client} -> spend tokens reserved from the store in blocks of BULK_BLOCK
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotImplemented)
		_, _ = w.Write([]byte(`{"error":"not implemented"}`))
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if err := http.ListenAndServe("127.0.0.1:"+port, nil); err != nil {
		os.Exit(1)
	}
}
