// HTTP load balancer. Read README.md for the contract; `sysdesign grade` runs the hidden checks.
// The grader starts this program with PORT (listen on 127.0.0.1:$PORT), BACKENDS (comma-separated base
// URLs), HEALTH_INTERVAL_MS and BACKEND_TIMEOUT_MS. Go 1.19, standard library only (net/http and
// net/http/httputil included).
package main

import (
	"log"
	"net/http"
	"os"
	"strings"
)

func main() {
	backends := strings.Split(os.Getenv("BACKENDS"), ",")
	log.Printf("balancing over %d backends (health every %s ms, timeout %s ms)", len(backends), os.Getenv("HEALTH_INTERVAL_MS"), os.Getenv("BACKEND_TIMEOUT_MS"))

	// TODO: health checks: GET {backend}/healthz every HEALTH_INTERVAL_MS; out of the rotation until it
	//       answers 200 again.

	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/healthz" {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"ok":true}`))
			return
		}
		// TODO: pick the next healthy backend (round-robin), forward the request (method, path, query,
		//       headers, body, plus X-Forwarded-For) and return its status, headers and body.
		// TODO: retry a GET or HEAD that fails to connect once on the next healthy backend; 502 otherwise;
		//       504 after BACKEND_TIMEOUT_MS without an answer; 503 at once when no backend is healthy.
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotImplemented)
		w.Write([]byte(`{"error":"not implemented"}`))
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if err := http.ListenAndServe("127.0.0.1:"+port, handler); err != nil {
		log.Fatal(err)
	}
}
