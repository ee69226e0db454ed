// The slow "database" behind the learner's cache (lab.yaml service.helpers.db), not a stage.
// The learner's server sees a key-value store: GET and PUT /items/{key}. The checks steer it through
// /_control/ (checks/db-control.ts): they count reads and writes per key, write behind the cache's back,
// slow it, fail it, and hold a write's answer to force an exact interleaving. Control requests are
// never slowed, failed or counted. State lives per instance (keyed by the listening port), so the
// learner's database and the reference's (during the benchmark) never mix, whichever process runs them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defineHelper } from '../../../src/grader/api.js';

export type Failure = 'error' | 'hang';
/** Where a held write waits: before the database applies it, or applied and its answer held. */
export type HoldPoint = 'before' | 'after';
export interface ReadTimes { arrived: number; answered?: number }

interface Db {
  records: Map<string, { value: unknown; version: number }>;
  reads: Map<string, number>;
  /** Per key, when each read arrived and when it was answered (ms, this machine's clock). */
  log: Map<string, ReadTimes[]>;
  writes: Map<string, number>;
  latencyMs: number;
  failure: Failure | null;
  /** Keys whose next write is held until released: applied before the hold ('after') or after it ('before'). */
  holds: Map<string, HoldPoint>;
  /** Writes applied and not yet answered, by key: calling it sends the answer. */
  held: Map<string, () => void>;
  /** Answers that never come (failure 'hang'), ended when the failure is cleared. */
  hanging: Set<ServerResponse>;
  /** Waiters for counts to reach a target (`/_control/await`). */
  waiters: Set<() => void>;
}

const dbs = new Map<number, Db>();

function dbOf(req: IncomingMessage): Db {
  const port = req.socket.localPort ?? 0;
  let db = dbs.get(port);
  if (!db) {
    db = { records: new Map(), reads: new Map(), log: new Map(), writes: new Map(), latencyMs: DEFAULT_LATENCY_MS, failure: null, holds: new Map(), held: new Map(), hanging: new Set(), waiters: new Set() };
    dbs.set(port, db);
  }
  return db;
}

/** What the README promises: "about 20 ms per request unless a check changes that". */
export const DEFAULT_LATENCY_MS = 20;
const KEY = /^[A-Za-z0-9_.-]{1,100}$/;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

function bump(counts: Map<string, number>, key: string, db: Db): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const wake of [...db.waiters]) wake();
}

function write(db: Db, key: string, value: unknown): { key: string; value: unknown; version: number } {
  const version = (db.records.get(key)?.version ?? 0) + 1;
  db.records.set(key, { value, version });
  return { key, value, version };
}

function clearFailure(db: Db): void {
  db.failure = null;
  for (const res of db.hanging) res.destroy();
  db.hanging.clear();
}

function holdHere(db: Db, key: string): Promise<void> {
  return new Promise<void>((release) => {
    db.held.set(key, release);
    for (const wake of [...db.waiters]) wake();
  });
}

/** The learner's side: GET and PUT /items/{key}. */
async function serveItem(req: IncomingMessage, res: ServerResponse, db: Db, key: string): Promise<void> {
  const body = req.method === 'PUT' ? await readBody(req) : (req.resume(), '');
  const times: ReadTimes = { arrived: Date.now() };
  if (req.method === 'GET') {
    db.log.set(key, [...(db.log.get(key) ?? []), times]);
    bump(db.reads, key, db);
  }
  else if (req.method === 'PUT') bump(db.writes, key, db);
  if (db.latencyMs > 0) await new Promise((r) => setTimeout(r, db.latencyMs));
  if (db.failure === 'hang') { db.hanging.add(res); res.on('close', () => db.hanging.delete(res)); return; }
  if (db.failure === 'error') { times.answered = Date.now(); send(res, 500, { error: 'injected failure' }); return; }
  if (req.method === 'GET') {
    const record = db.records.get(key);
    times.answered = Date.now(); // taken before the answer leaves, so the learner stores it later than this
    if (record) send(res, 200, { key, value: record.value, version: record.version });
    else send(res, 404, { error: 'not found' });
    return;
  }
  if (req.method !== 'PUT') { send(res, 405, { error: 'GET or PUT' }); return; }
  const parsed = parse(body);
  if (!parsed || !('value' in parsed)) { send(res, 400, { error: 'the body must be a JSON object with a "value" field' }); return; }
  const point = db.holds.get(key);
  db.holds.delete(key);
  if (point === 'before') await holdHere(db, key);
  const record = write(db, key, parsed.value);
  if (point === 'after') await holdHere(db, key);
  send(res, 200, record);
}

/** The checks' side (checks/db-control.ts). */
async function serveControl(req: IncomingMessage, res: ServerResponse, db: Db, path: string): Promise<void> {
  const body = parse(await readBody(req)) ?? {};
  const item = /^\/_control\/items\/([^/]+)$/.exec(path);
  if (item && req.method === 'PUT') { send(res, 200, write(db, decodeURIComponent(item[1]), body.value)); return; }
  if (path === '/_control/counts') {
    send(res, 200, { reads: Object.fromEntries(db.reads), writes: Object.fromEntries(db.writes) });
    return;
  }
  if (path === '/_control/log') {
    const keys = Array.isArray(body.keys) ? body.keys.map(String) : [];
    send(res, 200, { log: Object.fromEntries(keys.map((k) => [k, db.log.get(k) ?? []])) });
    return;
  }
  if (path === '/_control/mode') {
    if (typeof body.latencyMs === 'number') db.latencyMs = body.latencyMs;
    if (body.failure === null) clearFailure(db);
    else if (body.failure === 'error' || body.failure === 'hang') db.failure = body.failure;
    send(res, 200, { latencyMs: db.latencyMs, failure: db.failure });
    return;
  }
  if (path === '/_control/hold') { db.holds.set(String(body.key), body.point === 'before' ? 'before' : 'after'); send(res, 200, {}); return; }
  if (path === '/_control/release') {
    const release = db.held.get(String(body.key));
    db.held.delete(String(body.key));
    release?.();
    send(res, 200, { released: Boolean(release) });
    return;
  }
  if (path === '/_control/await') {
    // Answers once the key has been read `reads` times, written `writes` times, or has a write held.
    const key = String(body.key);
    const reached = () => (db.reads.get(key) ?? 0) >= Number(body.reads ?? Infinity)
      || (db.writes.get(key) ?? 0) >= Number(body.writes ?? Infinity)
      || (body.held === true && db.held.has(key));
    const timeoutMs = Math.min(Number(body.timeoutMs ?? 5000), 30_000);
    const ok = await new Promise<boolean>((resolve) => {
      if (reached()) { resolve(true); return; }
      const wake = () => { if (reached()) { done(); resolve(true); } };
      const timer = setTimeout(() => { done(); resolve(false); }, timeoutMs);
      const done = () => { clearTimeout(timer); db.waiters.delete(wake); };
      db.waiters.add(wake);
    });
    send(res, ok ? 200 : 408, { reads: db.reads.get(key) ?? 0, writes: db.writes.get(key) ?? 0 });
    return;
  }
  if (path === '/_control/reset') {
    db.latencyMs = DEFAULT_LATENCY_MS;
    clearFailure(db);
    db.holds.clear();
    for (const release of db.held.values()) release();
    db.held.clear();
    send(res, 200, {});
    return;
  }
  send(res, 404, { error: `no control ${req.method} ${path}` });
}

export const helper = defineHelper({
  async handle(req, res) {
    const db = dbOf(req);
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/_control/')) { await serveControl(req, res, db, path); return; }
    const item = /^\/items\/([^/]+)$/.exec(path);
    const key = item ? decodeURIComponent(item[1]) : '';
    if (!item || !KEY.test(key)) { req.resume(); send(res, 404, { error: 'no such path: the database serves /items/{key}' }); return; }
    await serveItem(req, res, db, key);
  },
});
