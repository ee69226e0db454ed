// __LAB_TITLE__. Read README.md for the contract; `sysdesign grade` runs the hidden checks.
// The grader starts this program with PORT: listen on 127.0.0.1:$PORT. Go 1.19, standard library only.
// TEMPLATE: the starter answers /healthz (so the grader sees it start) and marks the rest with TODOs.
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
		// TODO: PUT /items/{key}     -> 200 {"key", "value"}   (400 when the body has no string "value")
		// TODO: GET /items/{key}     -> 200 {"key", "value"}   (404 when there is no item)
		// TODO: DELETE /items/{key}  -> 204                    (404 when there is no item)
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
