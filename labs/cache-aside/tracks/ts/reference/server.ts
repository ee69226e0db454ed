// Cache-aside in front of a slow database: the reference solution (TypeScript).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const DB_URL = process.env.DB_URL ?? 'http://127.0.0.1:9000';
const TTL_MS = Number(process.env.CACHE_TTL_MS ?? 3000);
const JITTER = Number(process.env.CACHE_TTL_JITTER ?? 0.5);
const NEGATIVE_TTL_MS = Number(process.env.NEGATIVE_TTL_MS ?? 1200);
const MAX_STALE_MS = Number(process.env.MAX_STALE_MS ?? 6000);
const DB_TIMEOUT_MS = Number(process.env.DB_TIMEOUT_MS ?? 1000);
const MAX_ENTRIES = Number(process.env.CACHE_MAX_ENTRIES ?? 1000);

/** A record's JSON as the database sent it (sent again as is on every hit), or null for "not found". */
interface Entry { body: string | null; expiresAt: number; readAt: number }
type Load = { kind: 'record'; body: string } | { kind: 'missing' } | { kind: 'failed'; why: string };

/** A Map iterates in insertion order: re-inserting on every use keeps the least recently used first. */
const cache = new Map<string, Entry>();
/** One database read per key at a time: later misses wait on the same promise. */
const inflight = new Map<string, Promise<Load>>();
/** Bumped by every write, so a read that started before a write never stores what it read. */
const generation = new Map<string, number>();

function lifetime(ttl: number): number {
  return ttl * (1 - JITTER * Math.random());
}

function store(key: string, entry: Entry): void {
  cache.delete(key);
  cache.set(key, entry);
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
}

async function readDb(key: string): Promise<Load> {
  try {
    const res = await fetch(`${DB_URL}/items/${key}`, { signal: AbortSignal.timeout(DB_TIMEOUT_MS) });
    const body = await res.text();
    if (res.status === 200) return { kind: 'record', body };
    if (res.status === 404) return { kind: 'missing' };
    return { kind: 'failed', why: `the database answered ${res.status}` };
  } catch (error) {
    return { kind: 'failed', why: `the database did not answer: ${(error as Error).message}` };
  }
}

function load(key: string): Promise<Load> {
  const pending = inflight.get(key);
  if (pending) return pending;
  const started = generation.get(key) ?? 0;
  const promise = readDb(key).then((result) => {
    if (inflight.get(key) === promise) inflight.delete(key);
    // Stored before any waiter answers: they resume after this callback.
    if ((generation.get(key) ?? 0) === started) {
      const now = Date.now();
      if (result.kind === 'record') store(key, { body: result.body, expiresAt: now + lifetime(TTL_MS), readAt: now });
      if (result.kind === 'missing') store(key, { body: null, expiresAt: now + lifetime(NEGATIVE_TTL_MS), readAt: now });
    }
    return result;
  });
  inflight.set(key, promise);
  return promise;
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}

function error(res: ServerResponse, status: number, message: string): void {
  send(res, status, JSON.stringify({ error: message }));
}

async function get(key: string, res: ServerResponse): Promise<void> {
  const entry = cache.get(key);
  if (entry && Date.now() < entry.expiresAt) {
    store(key, entry);
    if (entry.body === null) error(res, 404, 'not found');
    else send(res, 200, entry.body);
    return;
  }
  const result = await load(key);
  if (result.kind === 'record') { send(res, 200, result.body); return; }
  if (result.kind === 'missing') { error(res, 404, 'not found'); return; }
  const stale = cache.get(key);
  if (stale?.body != null && Date.now() - stale.readAt < MAX_STALE_MS) { send(res, 200, stale.body); return; }
  error(res, 503, result.why);
}

async function put(key: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let parsed: unknown;
  try { parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { parsed = undefined; }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !('value' in parsed)) {
    error(res, 400, 'the body must be a JSON object with a "value" field');
    return;
  }
  try {
    const answer = await fetch(`${DB_URL}/items/${key}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: parsed.value }), signal: AbortSignal.timeout(DB_TIMEOUT_MS),
    });
    const body = await answer.text();
    if (answer.status !== 200) { error(res, 503, `the database answered ${answer.status}`); return; }
    // Delete, never update: the entry is loaded again by the next GET, from the database's latest value.
    generation.set(key, (generation.get(key) ?? 0) + 1);
    cache.delete(key);
    inflight.delete(key);
    send(res, 200, body);
  } catch (e) {
    error(res, 503, `the database did not answer: ${(e as Error).message}`);
  }
}

const ITEM = /^\/items\/([A-Za-z0-9_.-]{1,100})$/;

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') { send(res, 200, '{"ok":true}'); return; }
  const item = ITEM.exec(path);
  if (item && req.method === 'GET') { void get(item[1], res); return; }
  if (item && req.method === 'PUT') { void put(item[1], req, res).catch(() => error(res, 400, 'bad request')); return; }
  req.resume();
  error(res, 404, 'no such path');
});

server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
