// HTTP load balancer. Read README.md for the contract; `sysdesign grade` runs the hidden checks.
// The grader starts this file with PORT (listen on 127.0.0.1:$PORT), BACKENDS (comma-separated base URLs),
// HEALTH_INTERVAL_MS and BACKEND_TIMEOUT_MS. Node's own http module is all you need.
import { createServer } from 'node:http';

const backends = (process.env.BACKENDS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const healthIntervalMs = Number(process.env.HEALTH_INTERVAL_MS) || 1000;
const backendTimeoutMs = Number(process.env.BACKEND_TIMEOUT_MS) || 5000;
console.error(`balancing over ${backends.length} backends (health every ${healthIntervalMs} ms, timeout ${backendTimeoutMs} ms)`);

// TODO: health checks: GET {backend}/healthz every healthIntervalMs; out of the rotation until it answers 200 again.

const server = createServer((req, res) => {
  if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  // TODO: pick the next healthy backend (round-robin), forward the request (method, path, query, headers,
  //       body, plus X-Forwarded-For) and return its status, headers and body.
  // TODO: retry a GET or HEAD that fails to connect once on the next healthy backend; 502 otherwise;
  //       504 after backendTimeoutMs without an answer; 503 at once when no backend is healthy.
  res.writeHead(501, { 'content-type': 'application/json' }).end('{"error":"not implemented"}');
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
