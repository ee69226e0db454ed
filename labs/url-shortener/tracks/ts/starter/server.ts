// URL shortener. Read README.md for the contract; `sysdesign grade` runs the hidden checks.
// The grader starts this file with PORT (listen on 127.0.0.1:$PORT) and DATA_DIR (your folder for files
// that must survive a restart). Node's own http module is all you need.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  // TODO: POST /urls            -> 201 {"code": "..."}   (400 / 409 for bad input and taken aliases)
  // TODO: GET /{code}           -> 302 with Location     (404 for unknown or expired codes)
  // TODO: GET /urls/{code}/stats -> 200 {"url", "clicks", "createdAt"}
  res.writeHead(501, { 'content-type': 'application/json' }).end('{"error":"not implemented"}');
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
