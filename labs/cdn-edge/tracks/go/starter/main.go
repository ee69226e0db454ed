// A CDN edge cache in front of an origin. Read README.md for the contract; `sysdesign grade` runs the
// hidden checks. The grader starts this program with PORT (listen on 127.0.0.1:$PORT), ORIGIN_URL (the
// origin) and ORIGIN_TIMEOUT_MS (how long to wait for the origin). Go 1.19, standard library only.
package main

import (
	"net/http"
	"os"
)

func main() {
	originURL := os.Getenv("ORIGIN_URL")
	_ = originURL
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":true}`))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// TODO: GET {path} -> answer from a fresh stored entry, or fetch originURL+{path} (revalidating a
		//       stale entry with If-None-Match / If-Modified-Since), store what Cache-Control allows, and
		//       answer with the origin's status, headers and body plus an Age header
		// TODO: PURGE {path} -> 200 {"purged": n}, the number of entries removed
		// TODO: any other method -> 405 {"error": "…"}
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
