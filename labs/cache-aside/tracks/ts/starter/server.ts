// Cache-aside in front of a slow database. Read README.md for the contract; `sysdesign grade` runs the
// hidden checks. The grader starts this file with PORT (listen on 127.0.0.1:$PORT), DB_URL (the
// database) and the cache's settings: CACHE_TTL_MS, CACHE_TTL_JITTER, NEGATIVE_TTL_MS, MAX_STALE_MS,
// DB_TIMEOUT_MS, CACHE_MAX_ENTRIES. Node's own http module and the global fetch are all you need.
import { createServer } from 'node:http';

const DB_URL = process.env.DB_URL ?? 'http://127.0.0.1:9000';

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  // TODO: GET /items/{key} -> 200 with the record from the cache, or read from `${DB_URL}/items/{key}`
  //       and cached for CACHE_TTL_MS (404 and 503 as the README says)
  // TODO: PUT /items/{key} -> write to the database first, then delete the cached entry
  void DB_URL;
  req.resume();
  res.writeHead(501, { 'content-type': 'application/json' }).end('{"error":"not implemented"}');
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
