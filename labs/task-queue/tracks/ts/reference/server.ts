// Task queue: reference solution (TypeScript). Read README.md for the contract.
// State lives in memory, one structure per queue; every enqueue, ack and death is appended to
// DATA_DIR/queue.log and synced before the answer, in batches (group commit).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';

const PORT = Number(process.env.PORT ?? 8080);
const DATA_DIR = process.env.DATA_DIR ?? '.';
const VISIBILITY_MS = Number(process.env.VISIBILITY_TIMEOUT_MS ?? 30_000);
const MAX_ATTEMPTS = Number(process.env.MAX_ATTEMPTS ?? 5);
const BACKOFF_BASE_MS = Number(process.env.BACKOFF_BASE_MS ?? 1_000);
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_BODY = 1 << 20;

type State = 'waiting' | 'leased' | 'acked' | 'dead';
interface Job {
  id: string; seq: number; payload: unknown; priority: number;
  state: State; readyAt: number; attempts: number;
  lease?: string; leaseEnd?: number;
  /** Bumped on every change of state: heap entries made before it are stale. */
  version: number;
  /** Settles once the enqueue record is on disk (an idempotent repeat answers only then). */
  durable: Promise<void>;
}
interface Entry { job: Job; version: number; key: number; seq: number }

/** A binary min-heap of entries by (key, seq). */
class Heap {
  private items: Entry[] = [];
  get size(): number { return this.items.length; }
  peek(): Entry | undefined { return this.items[0]; }
  push(e: Entry): void {
    const a = this.items;
    a.push(e);
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): Entry | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && less(a[l], a[m])) m = l;
        if (r < a.length && less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
const less = (x: Entry, y: Entry) => x.key < y.key || (x.key === y.key && x.seq < y.seq);
const entry = (job: Job, key: number): Entry => ({ job, version: job.version, key, seq: job.seq });

class Queue {
  jobs = new Map<string, Job>();
  keys = new Map<string, Job>();
  dead: Job[] = [];
  /** Ready now, by (-priority, seq). */
  ready = new Heap();
  /** Not ready yet (delay or backoff), by ready time. */
  waiting = new Heap();
  /** Under a lease, by the lease's end. */
  leases = new Heap();

  /** Jobs whose ready time has come, or whose lease ended, are moved where they belong. */
  advance(now: number): void {
    for (let top = this.leases.peek(); top && top.key <= now; top = this.leases.peek()) {
      this.leases.pop();
      if (top.version !== top.job.version) continue;
      this.failed(top.job, top.key, false);
    }
    for (let top = this.waiting.peek(); top && top.key <= now; top = this.waiting.peek()) {
      this.waiting.pop();
      if (top.version === top.job.version) this.ready.push(entry(top.job, -top.job.priority));
    }
  }

  place(job: Job, now: number): void {
    job.version++;
    job.state = 'waiting';
    if (job.readyAt <= now) this.ready.push(entry(job, -job.priority));
    else this.waiting.push(entry(job, job.readyAt));
  }

  /** A delivery failed at `at`: dead after the last attempt, else ready again (after a backoff for a nack). */
  failed(job: Job, at: number, nacked: boolean): Promise<void> {
    job.lease = undefined;
    if (job.attempts >= MAX_ATTEMPTS) {
      job.version++;
      job.state = 'dead';
      this.dead.push(job);
      return log.append({ t: 'd', q: queueName(this), s: job.seq, n: job.attempts });
    }
    job.readyAt = nacked ? at + BACKOFF_BASE_MS * 2 ** (job.attempts - 1) : at;
    this.place(job, at);
    return Promise.resolve();
  }
}

const queues = new Map<string, Queue>();
const names = new WeakMap<Queue, string>();
function queue(name: string): Queue {
  let q = queues.get(name);
  if (!q) { q = new Queue(); queues.set(name, q); names.set(q, name); }
  return q;
}
const queueName = (q: Queue) => names.get(q)!;

/** Appends JSON lines and syncs them in batches: one write and one fsync for all that is pending. */
class Log {
  private pending: string[] = [];
  private waiters: (() => void)[] = [];
  private flushing = false;
  constructor(private readonly file: FileHandle) {}
  append(record: object): Promise<void> {
    this.pending.push(`${JSON.stringify(record)}\n`);
    return this.sync();
  }
  /** Settles once every record appended so far is on disk. */
  sync(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (!this.flushing) void this.flush();
    });
  }
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiters.length > 0) {
        const data = Buffer.from(this.pending.join(''));
        const waiters = this.waiters;
        this.pending = [];
        this.waiters = [];
        for (let off = 0; off < data.length;) off += (await this.file.write(data, off)).bytesWritten;
        if (data.length > 0) await this.file.sync();
        for (const w of waiters) w();
      }
    } catch (error) {
      console.error('cannot write the log, stopping:', error);
      process.exit(1);
    } finally {
      this.flushing = false;
    }
  }
}

let nextSeq = 1;
const bootId = randomBytes(6).toString('base64url');
let leaseCounter = 0;

/** Replays the log; a torn last line (no "\n") is cut off so the next record starts on its own line. */
function replay(path: string): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path);
  const end = text.lastIndexOf(0x0a) + 1;
  if (end < text.length) truncateSync(path, end);
  const now = Date.now();
  for (const line of text.subarray(0, end).toString('utf8').split('\n')) {
    if (!line) continue;
    let r: { t: string; q: string; s: number; p?: unknown; r?: number; a?: number; k?: string; n?: number };
    try { r = JSON.parse(line); } catch { continue; }
    const q = queue(r.q);
    nextSeq = Math.max(nextSeq, r.s + 1);
    if (r.t === 'e') {
      const job: Job = { id: String(r.s), seq: r.s, payload: r.p, priority: r.r ?? 0, state: 'waiting', readyAt: r.a ?? 0, attempts: 0, version: 0, durable: Promise.resolve() };
      q.jobs.set(job.id, job);
      if (r.k !== undefined) q.keys.set(r.k, job);
    } else {
      const job = q.jobs.get(String(r.s));
      if (!job) continue;
      job.state = r.t === 'a' ? 'acked' : 'dead';
      if (r.t === 'd') { job.attempts = r.n ?? 0; q.dead.push(job); }
    }
  }
  for (const q of queues.values()) for (const job of q.jobs.values()) if (job.state === 'waiting') q.place(job, now);
}

const logPath = join(DATA_DIR, 'queue.log');
replay(logPath);
const log = new Log(await open(logPath, 'a'));

class HttpError extends Error { constructor(readonly status: number, message: string) { super(message); } }
const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

async function enqueue(q: Queue, body: Record<string, unknown>): Promise<[number, object]> {
  if (!('payload' in body)) throw new HttpError(400, 'payload is required');
  const { payload, priority = 0, delayMs = 0, idempotencyKey } = body;
  if (!isInt(priority, 0, 9)) throw new HttpError(400, 'priority must be an integer from 0 to 9');
  if (!isInt(delayMs, 0)) throw new HttpError(400, 'delayMs must be an integer >= 0');
  if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || idempotencyKey === '')) throw new HttpError(400, 'idempotencyKey must be a non-empty string');
  if (typeof idempotencyKey === 'string') {
    const earlier = q.keys.get(idempotencyKey);
    if (earlier) { await earlier.durable; return [200, { id: earlier.id }]; }
  }
  const now = Date.now();
  const seq = nextSeq++;
  const job: Job = { id: String(seq), seq, payload, priority: priority as number, state: 'waiting', readyAt: now + (delayMs as number), attempts: 0, version: 0, durable: Promise.resolve() };
  job.durable = log.append({ t: 'e', q: queueName(q), s: seq, p: payload, r: priority, a: job.readyAt, ...(idempotencyKey === undefined ? {} : { k: idempotencyKey }) });
  q.jobs.set(job.id, job);
  if (typeof idempotencyKey === 'string') q.keys.set(idempotencyKey, job);
  q.place(job, now);
  await job.durable;
  return [201, { id: job.id }];
}

function lease(q: Queue, body: Record<string, unknown>): [number, object | undefined] {
  const { visibilityMs = VISIBILITY_MS } = body;
  if (!isInt(visibilityMs, 1)) throw new HttpError(400, 'visibilityMs must be an integer >= 1');
  const now = Date.now();
  q.advance(now);
  for (let top = q.ready.pop(); top; top = q.ready.pop()) {
    if (top.version !== top.job.version) continue;
    const job = top.job;
    job.version++;
    job.state = 'leased';
    job.attempts++;
    job.lease = `${bootId}-${++leaseCounter}`;
    job.leaseEnd = now + (visibilityMs as number);
    q.leases.push(entry(job, job.leaseEnd));
    return [200, { id: job.id, payload: job.payload, priority: job.priority, attempt: job.attempts, lease: job.lease }];
  }
  return [204, undefined];
}

async function settle(q: Queue, id: string, body: Record<string, unknown>, ack: boolean): Promise<[number, object | undefined]> {
  if (typeof body.lease !== 'string') throw new HttpError(400, 'lease must be a string');
  const job = q.jobs.get(id);
  if (!job) throw new HttpError(404, `no job ${id} in this queue`);
  const now = Date.now();
  if (job.state !== 'leased' || job.lease !== body.lease || now >= job.leaseEnd!) throw new HttpError(409, 'this lease is not the job\'s current lease');
  if (ack) {
    job.version++;
    job.state = 'acked';
    job.lease = undefined;
    job.payload = undefined;
    await log.append({ t: 'a', q: queueName(q), s: job.seq });
  } else {
    await q.failed(job, now, true);
  }
  return [204, undefined];
}

async function deadList(q: Queue): Promise<[number, object]> {
  q.advance(Date.now());
  const jobs = q.dead.map((j) => ({ id: j.id, payload: j.payload, attempts: j.attempts }));
  await log.sync();
  return [200, { jobs }];
}

async function route(method: string, parts: string[], body: () => Promise<Record<string, unknown>>): Promise<[number, object | undefined]> {
  if (parts[0] !== 'queues' || parts.length < 3) throw new HttpError(404, 'no such route');
  if (!NAME.test(parts[1])) throw new HttpError(400, 'a queue name matches ^[A-Za-z0-9_-]{1,64}$');
  const q = queue(parts[1]);
  const [, , what, id, action] = parts;
  if (method === 'POST' && what === 'jobs' && parts.length === 3) return enqueue(q, await body());
  if (method === 'POST' && what === 'lease' && parts.length === 3) return lease(q, await body());
  if (method === 'GET' && what === 'dead' && parts.length === 3) return deadList(q);
  if (method === 'POST' && what === 'jobs' && parts.length === 5 && (action === 'ack' || action === 'nack')) return settle(q, id, await body(), action === 'ack');
  throw new HttpError(404, 'no such route');
}

/** The request body as a JSON object ({} when empty and `emptyOk`). */
async function readObject(req: IncomingMessage, emptyOk: boolean): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '' && emptyOk) return {};
  let value: unknown;
  try { value = JSON.parse(text); } catch { throw new HttpError(400, 'the body must be a JSON object'); }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body?: object): void {
  if (body === undefined) { res.writeHead(status).end(); return; }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') { send(res, 200, { ok: true }); return; }
  const parts = path.split('/').slice(1);
  route(req.method ?? 'GET', parts, () => readObject(req, parts[2] === 'lease'))
    .then(([status, body]) => send(res, status, body))
    .catch((error: unknown) => {
      if (error instanceof HttpError) send(res, error.status, { error: error.message });
      else { console.error(error); send(res, 500, { error: 'internal error' }); }
    });
});
server.keepAliveTimeout = 60_000;
server.listen(PORT, '127.0.0.1');
