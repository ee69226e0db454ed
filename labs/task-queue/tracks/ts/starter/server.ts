// Task queue. Read README.md for the contract; `sysdesign grade` runs the hidden checks.
// The grader starts this file with PORT (listen on 127.0.0.1:$PORT), DATA_DIR (keep DATA_DIR/queue.log
// there), VISIBILITY_TIMEOUT_MS, MAX_ATTEMPTS and BACKOFF_BASE_MS. Node's own http and fs modules are
// all you need.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  // TODO: POST /queues/{queue}/jobs           -> 201 {"id"}  (200 {"id"} for a known idempotencyKey)
  // TODO: POST /queues/{queue}/lease          -> 200 {"id", "payload", "priority", "attempt", "lease"} or 204
  // TODO: POST /queues/{queue}/jobs/{id}/ack  -> 204 (409 stale lease, 404 unknown job)
  // TODO: POST /queues/{queue}/jobs/{id}/nack -> 204, then backoff or dead
  // TODO: GET  /queues/{queue}/dead           -> 200 {"jobs": [{"id", "payload", "attempts"}]}
  res.writeHead(501, { 'content-type': 'application/json' }).end('{"error":"not implemented"}');
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
