// A rate limiter shared by several instances of this server. Read README.md for the contract;
// `sysdesign grade` runs the hidden checks. The grader starts three copies of this file, each with its
// own PORT (listen on 127.0.0.1:$PORT), and gives them all STORE_URL (the shared store) and the limits:
// BUCKET_CAPACITY, REFILL_PER_SECOND, STORE_TIMEOUT_MS, BULK_CAPACITY, BULK_REFILL_PER_SECOND, BULK_BLOCK.
// Node's own http module and the global fetch are all you need.
import { createServer } from 'node:http';

const STORE_URL = process.env.STORE_URL ?? 'http://127.0.0.1:9000';

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  // TODO: GET /open/{client} and GET /closed/{client} -> take one token from the client's bucket in the
  //       store (POST `${STORE_URL}/cmd`): 200 when there was one, 429 with Retry-After when not
  // TODO: when the store fails, /open answers 200 (fail-open) and /closed 503 (fail-closed)
  // TODO: GET /bulk/{client} -> spend tokens reserved from the store in blocks of BULK_BLOCK
  void STORE_URL;
  req.resume();
  res.writeHead(501, { 'content-type': 'application/json' }).end('{"error":"not implemented"}');
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
