// Reference: a token-bucket rate limiter shared by several instances through the store. Requests on /open
// and /closed are decided in batches, one batch in flight per client in each instance: a batch takes as
// many tokens as it has requests (or what is left) with a read and a compare-and-set, retried on conflict,
// so concurrent requests never storm the store with CAS retries. /bulk reserves tokens in blocks and spends
// them locally, one reservation in flight per client.
import { createServer, type ServerResponse } from 'node:http';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const STORE_URL = process.env.STORE_URL ?? 'http://127.0.0.1:9000';
const CAPACITY = env('BUCKET_CAPACITY', 8);
const REFILL = env('REFILL_PER_SECOND', 2);
const STORE_TIMEOUT_MS = env('STORE_TIMEOUT_MS', 2000);
const BULK_CAPACITY = env('BULK_CAPACITY', 600);
const BULK_REFILL = env('BULK_REFILL_PER_SECOND', 300);
const BULK_BLOCK = env('BULK_BLOCK', 20);
const CLIENT = /^[A-Za-z0-9_-]{1,64}$/;
/** Compare-and-set rounds before a request gives up (each is one store round trip). */
const MAX_ROUNDS = 200;

class StoreDown extends Error {}

interface Bucket { capacity: number; refill: number }
const STANDARD: Bucket = { capacity: CAPACITY, refill: REFILL };
const BULK: Bucket = { capacity: BULK_CAPACITY, refill: BULK_REFILL };

async function store(cmd: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    const res = await fetch(`${STORE_URL}/cmd`, {
      method: 'POST', body: JSON.stringify(cmd), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(STORE_TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.status !== 200) throw new StoreDown(`store answered ${res.status}`);
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw error instanceof StoreDown ? error : new StoreDown(String(error));
  }
}

/** The bucket's tokens at `now`, from its stored state (a missing key is a full bucket). */
function tokensAt(bucket: Bucket, stored: string | null, now: number): number {
  if (stored === null) return bucket.capacity;
  const [tokens, at] = stored.split(':').map(Number);
  return Math.min(bucket.capacity, tokens + Math.max(0, now - at) * bucket.refill / 1000);
}

/** Takes up to `want` whole tokens (as many as there are, up to it); returns how many and what is left. */
async function take(bucket: Bucket, key: string, want: number): Promise<{ taken: number; left: number }> {
  let stored = (await store({ op: 'GET', key })).value as string | null;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const now = Date.now();
    const tokens = tokensAt(bucket, stored, now);
    const taken = Math.min(want, Math.floor(tokens));
    if (taken === 0) return { taken, left: tokens };
    const left = tokens - taken;
    // The key lives until the bucket would be full again: a missing key means exactly that.
    const ttlMs = Math.ceil((bucket.capacity - left) * 1000 / bucket.refill) + 1;
    const answer = await store({ op: 'CAS', key, expect: stored, value: `${left}:${now}`, ttlMs });
    if (answer.ok === true) return { taken, left };
    stored = answer.value as string | null;
  }
  throw new StoreDown('too many conflicting updates');
}

/** A request's decision: allowed or not, and the tokens the bucket held right after it. */
interface Decision { allowed: boolean; after: number }
interface Waiter { resolve(d: Decision): void; reject(e: unknown): void }
/** Per client: requests waiting for the next batch, and whether one is in flight. */
const batches = new Map<string, { running: boolean; queue: Waiter[] }>();

function decide(key: string): Promise<Decision> {
  return new Promise((resolve, reject) => {
    let entry = batches.get(key);
    if (!entry) batches.set(key, entry = { running: false, queue: [] });
    entry.queue.push({ resolve, reject });
    if (!entry.running) void runBatches(key, entry);
  });
}

async function runBatches(key: string, entry: { running: boolean; queue: Waiter[] }): Promise<void> {
  entry.running = true;
  while (entry.queue.length > 0) {
    const batch = entry.queue.splice(0);
    try {
      const { taken, left } = await take(STANDARD, key, batch.length);
      // In arrival order: the first `taken` are allowed, each leaving the tokens the later ones take.
      batch.forEach((w, j) => w.resolve(j < taken ? { allowed: true, after: left + taken - j - 1 } : { allowed: false, after: left }));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
  entry.running = false;
  batches.delete(key);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | number> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function standard(res: ServerResponse, client: string, failOpen: boolean): Promise<void> {
  let decision;
  try {
    decision = await decide(`rl:${client}`);
  } catch {
    if (failOpen) send(res, 200, { allowed: true, degraded: true });
    else send(res, 503, { error: 'the rate limiter cannot reach its store' });
    return;
  }
  const { allowed, after: left } = decision;
  const headers: Record<string, string | number> = {
    'RateLimit-Limit': CAPACITY,
    'RateLimit-Remaining': Math.floor(left),
    'RateLimit-Reset': Math.ceil((CAPACITY - left) / REFILL),
  };
  if (allowed) send(res, 200, { allowed: true }, headers);
  else send(res, 429, { error: 'rate limited' }, { ...headers, 'Retry-After': Math.ceil((1 - left) / REFILL) });
}

/** Tokens this instance reserved per bulk client, and the reservation in flight (its count of tokens). */
const reserved = new Map<string, { tokens: number; pending?: Promise<number> }>();

async function bulk(res: ServerResponse, client: string): Promise<void> {
  let local = reserved.get(client);
  if (!local) reserved.set(client, local = { tokens: 0 });
  try {
    for (;;) {
      if (local.tokens >= 1) { local.tokens--; send(res, 200, { allowed: true }); return; }
      if (!local.pending) {
        const entry = local;
        entry.pending = take(BULK, `bulk:${client}`, BULK_BLOCK).then(({ taken }) => { entry.tokens += taken; return taken; })
          .finally(() => { entry.pending = undefined; });
      }
      if (await local.pending === 0) { send(res, 429, { error: 'rate limited' }, { 'Retry-After': 1 }); return; }
    }
  } catch {
    send(res, 503, { error: 'the rate limiter cannot reach its store' });
  }
}

const server = createServer((req, res) => {
  req.resume();
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') { send(res, 200, { ok: true }); return; }
  const match = /^\/(open|closed|bulk)\/([^/]+)$/.exec(path);
  if (req.method !== 'GET' || !match || !CLIENT.test(match[2])) { send(res, 404, { error: 'no such route' }); return; }
  const [, route, client] = match;
  void (route === 'bulk' ? bulk(res, client) : standard(res, client, route === 'open'));
});

server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
