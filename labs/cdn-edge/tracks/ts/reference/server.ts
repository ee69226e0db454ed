// A CDN edge cache in front of an origin: the reference solution (TypeScript).
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

const ORIGIN_URL = new URL(process.env.ORIGIN_URL ?? 'http://127.0.0.1:9000');
const ORIGIN_TIMEOUT_MS = Number(process.env.ORIGIN_TIMEOUT_MS ?? 1000);

/** Connection-level headers (and the framing Node sets itself) never pass through the edge. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length']);
/** The edge makes its own conditional requests; the client's are not forwarded. */
const CONDITIONAL = new Set(['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range']);

type Headers = Record<string, string | string[]>;

interface Entry {
  headers: Headers;
  body: Buffer;
  /** When it was stored or last revalidated (ms), and the origin's Age then (s). */
  storedAt: number;
  initialAge: number;
  /** The request headers the response varies on (lower-case), and their values in the request that stored it. */
  varyNames: string[];
  varyValues: Array<string | undefined>;
}

interface Answer { status: number; headers: Headers; body: Buffer }
/** What one trip to the origin produced: an entry to serve, an answer to pass on, or no answer at all. */
type Outcome = { kind: 'entry'; entry: Entry } | { kind: 'answer'; answer: Answer } | { kind: 'error'; why: string };

/** Variants by path and query. */
const cache = new Map<string, Entry[]>();
/** One trip to the origin per path at a time: later misses wait for it, then look again. */
const inflight = new Map<string, Promise<Outcome>>();
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function directives(headers: Headers): Map<string, string> {
  const out = new Map<string, string>();
  const raw = headers['cache-control'];
  for (const part of (Array.isArray(raw) ? raw.join(',') : raw ?? '').split(',')) {
    const [name, ...value] = part.split('=');
    if (name.trim()) out.set(name.trim().toLowerCase(), value.join('=').trim().replace(/^"|"$/g, ''));
  }
  return out;
}

function seconds(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function lifetime(cc: Map<string, string>): number {
  return seconds(cc.get('s-maxage')) ?? seconds(cc.get('max-age')) ?? 0;
}

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function varyNames(headers: Headers): string[] {
  return (header(headers, 'vary') ?? '').split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
}

function storable(status: number, headers: Headers, authorized: boolean): boolean {
  const cc = directives(headers);
  if (status !== 200 || cc.has('no-store') || cc.has('private') || varyNames(headers).includes('*')) return false;
  if (authorized && !cc.has('public') && !cc.has('s-maxage') && !cc.has('must-revalidate')) return false;
  return lifetime(cc) > 0 || headers.etag !== undefined || headers['last-modified'] !== undefined;
}

function age(entry: Entry, now: number): number {
  return entry.initialAge + (now - entry.storedAt) / 1000;
}

function matches(entry: Entry, req: IncomingHttpHeaders): boolean {
  return entry.varyNames.every((name, i) => header(req as Headers, name) === entry.varyValues[i]);
}

function lookup(url: string, req: IncomingHttpHeaders): Entry | undefined {
  return cache.get(url)?.find((e) => matches(e, req));
}

function store(url: string, req: IncomingHttpHeaders, answer: Answer): Entry {
  const names = varyNames(answer.headers);
  const entry: Entry = {
    headers: answer.headers, body: answer.body, storedAt: Date.now(), initialAge: seconds(header(answer.headers, 'age')) ?? 0,
    varyNames: names, varyValues: names.map((n) => header(req as Headers, n)),
  };
  cache.set(url, [...(cache.get(url) ?? []).filter((e) => !matches(e, req)), entry]);
  return entry;
}

function remove(url: string, entry: Entry): void {
  const left = (cache.get(url) ?? []).filter((e) => e !== entry);
  if (left.length) cache.set(url, left);
  else cache.delete(url);
}

function clean(headers: IncomingHttpHeaders, drop: Set<string>): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name) && !drop.has(name)) out[name] = value;
  return out;
}

/** GET from the origin, bounded by ORIGIN_TIMEOUT_MS for the whole answer. */
function fetchOrigin(url: string, headers: Headers): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(url, ORIGIN_URL), { method: 'GET', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 502, headers: clean(res.headers, new Set()), body: Buffer.concat(chunks) }); });
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${ORIGIN_TIMEOUT_MS} ms`)), ORIGIN_TIMEOUT_MS);
    req.on('error', (e) => { clearTimeout(timer); reject(e); });
    req.end();
  });
}

/** One trip to the origin for `url`: revalidates `entry` when given, stores what may be stored. */
async function update(url: string, req: IncomingMessage, entry: Entry | undefined): Promise<Outcome> {
  const headers = clean(req.headers, CONDITIONAL);
  if (entry?.headers.etag) headers['if-none-match'] = entry.headers.etag;
  if (entry?.headers['last-modified']) headers['if-modified-since'] = entry.headers['last-modified'];
  let answer: Answer;
  try {
    answer = await fetchOrigin(url, headers);
  } catch (error) {
    return { kind: 'error', why: (error as Error).message };
  }
  if (answer.status === 304 && entry) {
    // The 304's headers replace the stored ones; the entry's age starts again.
    entry.headers = { ...entry.headers, ...answer.headers };
    entry.storedAt = Date.now();
    entry.initialAge = seconds(header(answer.headers, 'age')) ?? 0;
    return { kind: 'entry', entry };
  }
  if (storable(answer.status, answer.headers, req.headers.authorization !== undefined)) return { kind: 'entry', entry: store(url, req.headers, answer) };
  if (answer.status === 200 && entry) remove(url, entry);
  return { kind: 'answer', answer };
}

function shared(url: string, req: IncomingMessage, entry: Entry | undefined): Promise<Outcome> {
  const promise = update(url, req, entry).finally(() => { if (inflight.get(url) === promise) inflight.delete(url); });
  inflight.set(url, promise);
  return promise;
}

function sendEntry(res: ServerResponse, entry: Entry): void {
  res.writeHead(200, { ...entry.headers, age: String(Math.floor(age(entry, Date.now()))), 'content-length': String(entry.body.length) }).end(entry.body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}

async function serveGet(req: IncomingMessage, res: ServerResponse, url: string): Promise<void> {
  let entry = lookup(url, req.headers);
  const now = Date.now();
  if (entry) {
    const cc = directives(entry.headers);
    const a = age(entry, now);
    const life = cc.has('no-cache') ? 0 : lifetime(cc);
    if (a < life) { sendEntry(res, entry); return; }
    const swr = seconds(cc.get('stale-while-revalidate'));
    if (!cc.has('no-cache') && swr !== undefined && a < life + swr) {
      if (!inflight.has(url)) void shared(url, req, entry);
      sendEntry(res, entry);
      return;
    }
  }
  let outcome: Outcome;
  const pending = inflight.get(url);
  if (pending) {
    // Waited for another request's trip: its answer serves us only if it was stored for our headers.
    await pending;
    const fresh = lookup(url, req.headers);
    if (fresh && age(fresh, Date.now()) < lifetime(directives(fresh.headers)) && !directives(fresh.headers).has('no-cache')) { sendEntry(res, fresh); return; }
    entry = fresh;
    outcome = await update(url, req, entry);
  } else {
    outcome = await shared(url, req, entry);
  }
  if (outcome.kind === 'entry') { sendEntry(res, outcome.entry); return; }
  const failed = outcome.kind === 'error' || outcome.answer.status >= 500;
  if (failed && entry) {
    const cc = directives(entry.headers);
    const sie = seconds(cc.get('stale-if-error'));
    if (sie !== undefined && age(entry, Date.now()) < lifetime(cc) + sie) { sendEntry(res, entry); return; }
  }
  if (outcome.kind === 'error') { sendJson(res, 502, { error: `the origin did not answer: ${outcome.why}` }); return; }
  const { status, headers, body } = outcome.answer;
  res.writeHead(status, { ...headers, age: header(headers, 'age') ?? '0', 'content-length': String(body.length) }).end(body);
}

const server = createServer((req, res) => {
  req.resume();
  const url = req.url ?? '/';
  if (req.method === 'GET' && url === '/healthz') { sendJson(res, 200, { ok: true }); return; }
  if (req.method === 'PURGE') {
    const purged = cache.get(url)?.length ?? 0;
    cache.delete(url);
    sendJson(res, 200, { purged });
    return;
  }
  if (req.method !== 'GET') { sendJson(res, 405, { error: 'the edge serves GET (and PURGE)' }); return; }
  serveGet(req, res, url).catch((error: Error) => { if (!res.headersSent) sendJson(res, 502, { error: error.message }); });
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
