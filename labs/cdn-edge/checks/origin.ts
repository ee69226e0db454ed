// The origin behind the learner's edge cache (lab.yaml service.helpers.origin), not a stage.
// It serves resources the checks define through /_control/ (checks/origin-control.ts): their caching
// headers, validators (ETag, Last-Modified) and version; it answers conditional requests with 304, counts
// and logs every request per path (with its headers), and can be slowed, failed or held per path.
// `/assets/{name}` always exists with a long max-age, for the benchmark (whose reference run has an
// origin of its own). Control requests are never counted. State lives per instance (keyed by the
// listening port), so the learner's origin and the reference's never mix.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defineHelper } from '../../../src/grader/api.js';

/** What a check defines for one path (path and query, exactly as the edge will request it). */
export interface ResourceSpec {
  /** Response headers sent with every 200 and 304 (cache-control, vary, age …). */
  headers?: Record<string, string>;
  /** Send `ETag: "v{version}"` and honour If-None-Match. */
  etag?: boolean;
  /** Send a `Last-Modified` that changes with the version, and honour If-Modified-Since. */
  lastModified?: boolean;
  /** Request headers whose values the body repeats (so each variant has its own body). */
  echo?: string[];
  /** Keep the version (a 304 to the old validators): only the headers change. */
  sameVersion?: boolean;
}

export type Failure = 'error' | 'hang';

export interface LoggedRequest {
  /** Lower-case request header names, without host and connection. */
  headers: Record<string, string>;
  status?: number;
  arrived: number;
  answered?: number;
}

interface Resource extends ResourceSpec { version: number }

interface Origin {
  resources: Map<string, Resource>;
  log: Map<string, LoggedRequest[]>;
  latencyMs: Map<string, number>;
  failure: Map<string, Failure>;
  /** Paths whose requests wait until released; the waiting answers, by path. */
  holds: Map<string, Array<() => void>>;
  hanging: Set<ServerResponse>;
  waiters: Set<() => void>;
}

const origins = new Map<number, Origin>();

function originOf(req: IncomingMessage): Origin {
  const port = req.socket.localPort ?? 0;
  let origin = origins.get(port);
  if (!origin) {
    origin = { resources: new Map(), log: new Map(), latencyMs: new Map(), failure: new Map(), holds: new Map(), hanging: new Set(), waiters: new Set() };
    origins.set(port, origin);
  }
  return origin;
}

/** The built-in resources the benchmark reads: long-lived, public, with an ETag. */
const ASSET = /^\/assets\/[A-Za-z0-9_.-]{1,100}$/;
const ASSET_HEADERS = { 'cache-control': 'public, max-age=3600' };
/** Last-Modified of version v: one second per version after a fixed date (HTTP dates count seconds). */
const EPOCH = Date.UTC(2026, 0, 1);

export function etagOf(version: number): string {
  return `"v${version}"`;
}

export function lastModifiedOf(version: number): string {
  return new Date(EPOCH + version * 1000).toUTCString();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {};
  } catch {
    return {};
  }
}

function wake(origin: Origin): void {
  for (const w of [...origin.waiters]) w();
}

/** The 304 / 200 decision of RFC 9110 §13.2.2: If-None-Match first, If-Modified-Since only without it. */
function notModified(req: IncomingMessage, r: Resource): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return r.etag === true && inm.split(',').map((t) => t.trim()).some((t) => t === etagOf(r.version) || t === '*');
  const ims = req.headers['if-modified-since'];
  if (ims === undefined || !r.lastModified) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && since >= EPOCH + r.version * 1000;
}

function answer(req: IncomingMessage, res: ServerResponse, path: string, r: Resource, entry: LoggedRequest): void {
  const headers: Record<string, string> = { ...r.headers };
  if (r.etag) headers.etag = etagOf(r.version);
  if (r.lastModified) headers['last-modified'] = lastModifiedOf(r.version);
  entry.answered = Date.now();
  if (notModified(req, r)) {
    entry.status = 304;
    res.writeHead(304, headers).end();
    return;
  }
  entry.status = 200;
  const echo = Object.fromEntries((r.echo ?? []).map((h) => [h.toLowerCase(), req.headers[h.toLowerCase()] ?? null]));
  sendJson(res, 200, { path, version: r.version, ...(r.echo ? { echo } : {}) }, headers);
}

async function serveResource(req: IncomingMessage, res: ServerResponse, origin: Origin, path: string): Promise<void> {
  req.resume();
  const { host: _host, connection: _connection, ...headers } = req.headers as Record<string, string>;
  const entry: LoggedRequest = { headers, arrived: Date.now() };
  origin.log.set(path, [...(origin.log.get(path) ?? []), entry]);
  wake(origin);
  const latency = origin.latencyMs.get(path) ?? 0;
  if (latency > 0) await new Promise((r) => setTimeout(r, latency));
  const held = origin.holds.get(path);
  if (held) await new Promise<void>((release) => { held.push(release); wake(origin); });
  const failure = origin.failure.get(path);
  if (failure === 'hang') { origin.hanging.add(res); res.on('close', () => origin.hanging.delete(res)); return; }
  if (failure === 'error') { entry.status = 500; entry.answered = Date.now(); sendJson(res, 500, { error: 'injected failure' }); return; }
  const resource = origin.resources.get(path)
    ?? (ASSET.test(path) ? { version: 1, headers: ASSET_HEADERS, etag: true } : undefined);
  if (!resource) { entry.status = 404; entry.answered = Date.now(); sendJson(res, 404, { error: 'no such resource' }); return; }
  answer(req, res, path, resource, entry);
}

function release(origin: Origin, path: string): number {
  const held = origin.holds.get(path) ?? [];
  origin.holds.delete(path);
  for (const go of held) go();
  return held.length;
}

/** The checks' side (checks/origin-control.ts). */
async function serveControl(req: IncomingMessage, res: ServerResponse, origin: Origin, route: string): Promise<void> {
  const body = await readBody(req);
  const path = String(body.path ?? '');
  if (route === '/_control/resource') {
    const before = origin.resources.get(path);
    const spec = body as ResourceSpec;
    const version = (before?.version ?? 0) + (spec.sameVersion && before ? 0 : 1);
    origin.resources.set(path, { headers: spec.headers ?? {}, etag: spec.etag, lastModified: spec.lastModified, echo: spec.echo, version });
    sendJson(res, 200, { path, version });
    return;
  }
  if (route === '/_control/log') {
    const paths = Array.isArray(body.paths) ? body.paths.map(String) : [];
    sendJson(res, 200, { log: Object.fromEntries(paths.map((p) => [p, origin.log.get(p) ?? []])) });
    return;
  }
  if (route === '/_control/mode') {
    if (typeof body.latencyMs === 'number') origin.latencyMs.set(path, body.latencyMs);
    if (body.failure === 'error' || body.failure === 'hang') origin.failure.set(path, body.failure);
    if (body.failure === null) {
      origin.failure.delete(path);
      for (const r of origin.hanging) r.destroy();
      origin.hanging.clear();
    }
    if (body.hold === true && !origin.holds.has(path)) origin.holds.set(path, []);
    const released = body.hold === false ? release(origin, path) : 0;
    sendJson(res, 200, { released });
    return;
  }
  if (route === '/_control/await') {
    // Answers once the path has had `requests` requests (or `held` of them are waiting on a hold).
    const count = () => (origin.log.get(path) ?? []).length;
    const reached = () => count() >= Number(body.requests ?? Infinity) || (origin.holds.get(path)?.length ?? 0) >= Number(body.held ?? Infinity);
    const timeoutMs = Math.min(Number(body.timeoutMs ?? 5000), 30_000);
    const ok = await new Promise<boolean>((resolve) => {
      if (reached()) { resolve(true); return; }
      const check = () => { if (reached()) { done(); resolve(true); } };
      const timer = setTimeout(() => { done(); resolve(false); }, timeoutMs);
      const done = () => { clearTimeout(timer); origin.waiters.delete(check); };
      origin.waiters.add(check);
    });
    sendJson(res, ok ? 200 : 408, { requests: count() });
    return;
  }
  if (route === '/_control/reset') {
    origin.latencyMs.clear();
    origin.failure.clear();
    for (const r of origin.hanging) r.destroy();
    origin.hanging.clear();
    for (const p of [...origin.holds.keys()]) release(origin, p);
    sendJson(res, 200, {});
    return;
  }
  sendJson(res, 404, { error: `no control ${req.method} ${route}` });
}

export const helper = defineHelper({
  async handle(req, res) {
    const origin = originOf(req);
    const path = req.url ?? '/';
    if (path.startsWith('/_control/')) { await serveControl(req, res, origin, path.split('?')[0]); return; }
    if (req.method !== 'GET') { req.resume(); sendJson(res, 405, { error: 'the origin serves GET only' }); return; }
    await serveResource(req, res, origin, path);
  },
});
