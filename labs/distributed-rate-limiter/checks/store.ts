// The shared store behind every instance of the learner's server (lab.yaml service.helpers.store), not a
// stage. A small Redis-like key-value store over HTTP: GET, SET, INCR with expiry, and an atomic
// compare-and-set, one command per POST /cmd (the protocol is in the README). The checks slow it, break it
// and stop it through the generic helper controls, and count its requests with them; every request counts,
// so the store has no routes of its own for the checks. State lives per listening port, so the learner's
// store and the reference's (during the benchmark) never mix.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defineHelper } from '../../../src/grader/api.js';

interface Entry { value: string; expiresAt?: number }

const stores = new Map<number, Map<string, Entry>>();

function storeOf(req: IncomingMessage): Map<string, Entry> {
  const port = req.socket.localPort ?? 0;
  let store = stores.get(port);
  if (!store) stores.set(port, store = new Map());
  return store;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** The live value of a key: an expired entry is gone. */
function current(store: Map<string, Entry>, key: string, now: number): string | null {
  const entry = store.get(key);
  if (!entry) return null;
  if (entry.expiresAt !== undefined && entry.expiresAt <= now) { store.delete(key); return null; }
  return entry.value;
}

/** `ttlMs` absent: the key never expires; otherwise a positive integer. Undefined result: invalid. */
function expiry(ttl: unknown, now: number): { expiresAt?: number } | undefined {
  if (ttl === undefined || ttl === null) return {};
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl <= 0) return undefined;
  return { expiresAt: now + ttl };
}

/** Runs one command; a string result is the error of a 400. */
function execute(store: Map<string, Entry>, cmd: Record<string, unknown>, now: number): unknown {
  const { op, key } = cmd;
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) return 'key must be a string of 1 to 200 characters';
  const value = current(store, key, now);
  switch (op) {
    case 'GET':
      return { value };
    case 'SET': {
      const ttl = expiry(cmd.ttlMs, now);
      if (typeof cmd.value !== 'string') return 'SET needs a string value';
      if (!ttl) return 'ttlMs must be a positive integer';
      store.set(key, { value: cmd.value, ...ttl });
      return { ok: true };
    }
    case 'INCR': {
      const by = cmd.by ?? 1;
      if (typeof by !== 'number' || !Number.isSafeInteger(by)) return 'by must be an integer';
      const ttl = expiry(cmd.ttlMs, now);
      if (!ttl) return 'ttlMs must be a positive integer';
      if (value !== null && !/^-?\d+$/.test(value)) return `the value of ${key} is not an integer`;
      const next = (value === null ? 0 : Number(value)) + by;
      // The expiry is set when INCR creates the key, and kept when it only adds to it.
      const kept = value === null ? ttl : { expiresAt: store.get(key)?.expiresAt };
      store.set(key, { value: String(next), ...kept });
      return { value: next };
    }
    case 'CAS': {
      if (cmd.expect !== null && typeof cmd.expect !== 'string') return 'expect must be a string or null';
      if (typeof cmd.value !== 'string') return 'CAS needs a string value';
      const ttl = expiry(cmd.ttlMs, now);
      if (!ttl) return 'ttlMs must be a positive integer';
      if (value !== cmd.expect) return { ok: false, value };
      store.set(key, { value: cmd.value, ...ttl });
      return { ok: true, value: cmd.value };
    }
    default:
      return 'op must be GET, SET, INCR or CAS';
  }
}

export const helper = defineHelper({
  async handle(req, res) {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'POST' || path !== '/cmd') { req.resume(); send(res, 404, { error: 'the store serves POST /cmd' }); return; }
    const cmd = await readJson(req);
    if (!cmd) { send(res, 400, { error: 'the body must be a JSON object' }); return; }
    const result = execute(storeOf(req), cmd, Date.now());
    if (typeof result === 'string') send(res, 400, { error: result });
    else send(res, 200, result);
  },
});
