// HTTP load balancer (reference solution). Read README.md for the contract.
package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type backend struct {
	index   int
	url     *url.URL
	healthy atomic.Bool
}

type balancer struct {
	backends []*backend
	mu       sync.Mutex
	last     int
}

// nextHealthy is the first healthy backend after index `after` in BACKENDS order, wrapping around, other
// than `except`; nil when there is none.
func (lb *balancer) nextHealthy(after int, except *backend) *backend {
	n := len(lb.backends)
	for step := 1; step <= n; step++ {
		b := lb.backends[((after+step)%n+n)%n]
		if b != except && b.healthy.Load() {
			return b
		}
	}
	return nil
}

func (lb *balancer) pick() *backend {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	b := lb.nextHealthy(lb.last, nil)
	if b != nil {
		lb.last = b.index
	}
	return b
}

// watch polls GET /healthz every interval; an answer other than 200 within the interval marks it unhealthy.
func (lb *balancer) watch(b *backend, interval time.Duration) {
	client := &http.Client{Timeout: interval, Transport: &http.Transport{DisableKeepAlives: true}}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for range ticker.C {
		resp, err := client.Get(b.url.String() + "/healthz")
		if err != nil {
			b.healthy.Store(false)
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		b.healthy.Store(resp.StatusCode == http.StatusOK)
	}
}

type pickedKey struct{}

// transport sends the request to the backend the handler picked, and a GET or HEAD that fails to connect
// once more to the next healthy backend.
type transport struct {
	lb   *balancer
	base http.RoundTripper
}

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	first := r.Context().Value(pickedKey{}).(*backend)
	resp, err := t.base.RoundTrip(aimed(r, first))
	if err == nil || isTimeout(err) || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return resp, err
	}
	second := t.lb.nextHealthy(first.index, first)
	if second == nil {
		return nil, err
	}
	retry := aimed(r, second)
	if r.GetBody != nil {
		body, berr := r.GetBody()
		if berr != nil {
			return nil, err
		}
		retry.Body = body
	}
	return t.base.RoundTrip(retry)
}

func aimed(r *http.Request, b *backend) *http.Request {
	out := r.Clone(r.Context())
	out.URL.Scheme = b.url.Scheme
	out.URL.Host = b.url.Host
	// http.Transport resends a GET, HEAD or OPTIONS by itself, to the same backend, when a kept-alive
	// connection breaks before the answer: the backend would get it twice. It does so only for a request
	// it can replay, so hand it a body it cannot rewind (empty ones are still sent without a body);
	// RoundTrip above decides about retrying, on the next backend.
	out.GetBody = nil
	if out.Body == nil || out.Body == http.NoBody {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			out.Body = io.NopCloser(strings.NewReader(""))
		}
	}
	return out
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func writeError(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write([]byte(`{"error":"` + message + `"}`))
}

func main() {
	interval := envMillis("HEALTH_INTERVAL_MS", time.Second)
	timeout := envMillis("BACKEND_TIMEOUT_MS", 5*time.Second)
	lb := &balancer{last: -1}
	for _, raw := range strings.Split(os.Getenv("BACKENDS"), ",") {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil {
			log.Fatalf("BACKENDS: %v", err)
		}
		b := &backend{index: len(lb.backends), url: u}
		b.healthy.Store(true)
		lb.backends = append(lb.backends, b)
	}
	for _, b := range lb.backends {
		go lb.watch(b, interval)
	}

	base := &http.Transport{
		Proxy:                 nil,
		DialContext:           (&net.Dialer{Timeout: timeout}).DialContext,
		ResponseHeaderTimeout: timeout,
		MaxIdleConns:          1024,
		MaxIdleConnsPerHost:   256,
		IdleConnTimeout:       90 * time.Second,
	}
	proxy := &httputil.ReverseProxy{
		Director:  func(r *http.Request) {}, // the transport aims it; ReverseProxy adds X-Forwarded-For
		Transport: &transport{lb: lb, base: base},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			if isTimeout(err) {
				writeError(w, http.StatusGatewayTimeout, "the backend did not answer in time")
				return
			}
			writeError(w, http.StatusBadGateway, "the backend could not be reached")
		},
	}

	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/healthz" {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"ok":true}`))
			return
		}
		forward(lb, proxy, w, r)
	})

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	server := &http.Server{Addr: "127.0.0.1:" + port, Handler: handler}
	if err := server.ListenAndServe(); err != nil {
		log.Fatal(err)
	}
}

func forward(lb *balancer, proxy *httputil.ReverseProxy, w http.ResponseWriter, r *http.Request) {
	b := lb.pick()
	if b == nil {
		writeError(w, http.StatusServiceUnavailable, "no healthy backend")
		return
	}
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.ContentLength != 0 {
		// A GET with a body may be sent twice: keep the body to send it again.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			writeError(w, http.StatusBadRequest, "could not read the request body")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		r.ContentLength = int64(len(body))
	}
	proxy.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), pickedKey{}, b)))
}

func envMillis(name string, fallback time.Duration) time.Duration {
	if ms, err := strconv.Atoi(os.Getenv(name)); err == nil && ms > 0 {
		return time.Duration(ms) * time.Millisecond
	}
	return fallback
}
