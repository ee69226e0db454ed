// A CDN edge cache in front of an origin. Read README.md for the contract; `sysdesign grade` runs the
// hidden checks. The grader starts this file with PORT (listen on 127.0.0.1:$PORT), ORIGIN_URL (the
// origin) and ORIGIN_TIMEOUT_MS (how long to wait for the origin). Node's own http module is all you
// need (its `request` forwards headers exactly as you give them).
import { createServer } from 'node:http';

const ORIGIN_URL = process.env.ORIGIN_URL ?? 'http://127.0.0.1:9000';

const server = createServer((req, res) => {
  req.resume();
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  // TODO: GET {path} -> answer from a fresh stored entry, or fetch `${ORIGIN_URL}{path}` (revalidating a
  //       stale entry with If-None-Match / If-Modified-Since), store what Cache-Control allows, and
  //       answer with the origin's status, headers and body plus an Age header
  // TODO: PURGE {path} -> 200 {"purged": n}, the number of entries removed
  // TODO: any other method -> 405 {"error": "…"}
  void ORIGIN_URL;
  res.writeHead(501, { 'content-type': 'application/json' }).end('{"error":"not implemented"}');
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
