// Reference solution: one map of items; every answer JSON, every error with the status the contract names.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

const items = new Map<string, string>();

function answer(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function valueOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { value?: unknown } | null;
    return typeof parsed?.value === "string" ? parsed.value : undefined;
  } catch {
    return undefined;
  }
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?")[0];
  if (req.method === "GET" && path === "/healthz") return answer(res, 200, { ok: true });
  const key = /^\/items\/([A-Za-z0-9_-]+)$/.exec(path)?.[1];
  if (!key) return answer(res, 404, { error: "no such path" });
  if (req.method === "PUT") {
    const value = valueOf(await readBody(req));
    if (value === undefined) return answer(res, 400, { error: 'the body must be {"value": "<string>"}' });
    items.set(key, value);
    return answer(res, 200, { key, value });
  }
  if (req.method === "GET") {
    const value = items.get(key);
    return value === undefined ? answer(res, 404, { error: "no such item" }) : answer(res, 200, { key, value });
  }
  if (req.method === "DELETE") {
    return items.delete(key) ? answer(res, 204) : answer(res, 404, { error: "no such item" });
  }
  answer(res, 405, { error: "method not allowed" });
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => answer(res, 500, { error: String(error) }));
});

server.listen(Number(process.env.PORT ?? 8080), "127.0.0.1");
