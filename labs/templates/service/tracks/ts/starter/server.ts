// __LAB_TITLE__. Read README.md for the contract; `sysdesign grade` runs the hidden checks.
// The grader starts this file with PORT: listen on 127.0.0.1:$PORT. Node's own http module is all you need.
// TEMPLATE: the starter answers /healthz (so the grader sees it start) and marks the rest with TODOs.
import { createServer } from "node:http";

const server = createServer((req, res) => {
  const path = (req.url ?? "/").split("?")[0];
  if (req.method === "GET" && path === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    return;
  }
  // TODO: PUT /items/{key}     -> 200 {"key", "value"}   (400 when the body has no string "value")
  // TODO: GET /items/{key}     -> 200 {"key", "value"}   (404 when there is no item)
  // TODO: DELETE /items/{key}  -> 204                    (404 when there is no item)
  res.writeHead(501, { "content-type": "application/json" }).end('{"error":"not implemented"}');
});

server.listen(Number(process.env.PORT ?? 8080), "127.0.0.1");
