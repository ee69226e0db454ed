// URL shortener. Read README.md for the contract; `sysdesign grade` runs the hidden checks.
// The grader starts this program with PORT (listen on 127.0.0.1:$PORT) and DATA_DIR (your folder for
// files that must survive a restart). Go 1.19, standard library only.
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
		// TODO: POST /urls             -> 201 {"code": "..."}   (400 / 409 for bad input and taken aliases)
		// TODO: GET /{code}            -> 302 with Location     (404 for unknown or expired codes)
		// TODO: GET /urls/{code}/stats -> 200 {"url", "clicks", "createdAt"}
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
