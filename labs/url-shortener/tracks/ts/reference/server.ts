// URL shortener: node:http only. Every accepted link is appended to DATA_DIR/urls.log (one JSON line) and
// synced before the 201 goes out; on start the log is replayed, so links survive restarts and crashes.
// Creates that arrive while a sync runs share the next one (group commit): a burst of creates costs a few
// syncs, not one each. Click counts go to the same log a little after the redirect, never on its path.
import { randomInt } from 'node:crypto';
import { closeSync, existsSync, fdatasync, openSync, readFileSync, truncateSync, write } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';

interface Link { url: string; createdAt: string; expiresAt: number | null; clicks: number; dirty: boolean }
type LinkRecord = { code: string; url: string; createdAt: string; expiresAt: number | null };
type ClickRecord = { code: string; clicks: number };

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CODE_LENGTH = 7;
const ALIAS = /^[0-9A-Za-z_-]{3,32}$/;
const MAX_URL = 2048;
const MAX_BODY = 16 * 1024;
/** Paths the server serves itself: an alias equal to one would be shadowed by them. */
const RESERVED = new Set(['healthz', 'urls']);
/** Clicks reach the log this often (the contract allows a crash to lose the last second of them). */
const CLICK_FLUSH_MS = 250;

const dataDir = process.env.DATA_DIR ?? '.';
const logFile = join(dataDir, 'urls.log');
const links = new Map<string, Link>();

function replay(): void {
  if (!existsSync(logFile)) return;
  const bytes = readFileSync(logFile);
  // A crash mid-write leaves an unterminated last line: it was never acknowledged. Cut it off, or the next
  // record would be appended onto it and lost with it.
  const complete = bytes.lastIndexOf(0x0a) + 1;
  if (complete < bytes.length) truncateSync(logFile, complete);
  for (const line of bytes.subarray(0, complete).toString('utf8').split('\n')) {
    if (!line) continue;
    try {
      const r = JSON.parse(line) as LinkRecord | ClickRecord;
      if ('url' in r) {
        // A later record for the same code is a new link under a code whose old link had expired.
        links.set(r.code, { url: r.url, createdAt: r.createdAt, expiresAt: r.expiresAt, clicks: 0, dirty: false });
      } else {
        const link = links.get(r.code);
        if (link) link.clicks = r.clicks;
      }
    } catch { /* a line torn by a crash mid-write was never acknowledged: skip it */ }
  }
}
replay();
const log = openSync(logFile, 'a');

type Done = (error: Error | null) => void;
let queued: string[] = [];
let waiting: Done[] = [];
let syncing = false;
let whenIdle: (() => void) | undefined;

/** Queues a record; `done` hears once it is on disk. Records reach the file in the order they were queued. */
function append(record: LinkRecord | ClickRecord, done?: Done): void {
  queued.push(`${JSON.stringify(record)}\n`);
  if (done) waiting.push(done);
  if (!syncing) commit();
}

/** Writes and syncs everything queued, then whatever was queued meanwhile, until the queue is empty. */
function commit(): void {
  if (queued.length === 0) { syncing = false; whenIdle?.(); return; }
  syncing = true;
  const batch = Buffer.from(queued.join(''));
  const done = waiting;
  queued = [];
  waiting = [];
  const finish = (error: Error | null) => { for (const d of done) d(error); commit(); };
  const writeFrom = (offset: number): void => write(log, batch, offset, batch.length - offset, null, (error, n) => {
    if (error) { finish(error); return; }
    if (offset + n < batch.length) { writeFrom(offset + n); return; }
    fdatasync(log, finish);
  });
  writeFrom(0);
}

const dirty: [string, Link][] = [];

function flushClicks(): void {
  for (const [code, link] of dirty.splice(0)) {
    link.dirty = false;
    // A code given to a new link since (the old one expired) must not carry the old link's clicks.
    if (links.get(code) === link) append({ code, clicks: link.clicks });
  }
}
setInterval(flushClicks, CLICK_FLUSH_MS).unref();

function newCode(): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    if (!links.has(code)) return code;
  }
}

function validUrl(value: unknown): value is string {
  // Printable ASCII only (a URL's other characters are percent-encoded): it goes out as a Location header.
  if (typeof value !== 'string' || value.length > MAX_URL || !/^[\x21-\x7e]+$/.test(value)) return false;
  let parsed: URL;
  try { parsed = new URL(value); } catch { return false; }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '' && /^https?:\/\/[^/?#\s]/i.test(value);
}

function live(code: string): Link | undefined {
  const link = links.get(code);
  return link && (link.expiresAt === null || Date.now() < link.expiresAt) ? link : undefined;
}

function decode(segment: string): string {
  try { return decodeURIComponent(segment); } catch { return segment; }
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) { res.writeHead(status, headers).end(); return; }
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => { size += c.length; if (size <= MAX_BODY) chunks.push(c); });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

async function shorten(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const text = await readBody(req);
  let input: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text ?? '');
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    input = parsed as Record<string, unknown>;
  } catch { send(res, 400, { error: 'the body must be a JSON object' }); return; }
  const { url } = input;
  // null means absent, for every optional field alike.
  const alias = input.alias ?? undefined;
  const ttlSeconds = input.ttlSeconds ?? undefined;
  if (!validUrl(url)) { send(res, 400, { error: `url must be an absolute http or https URL with a host, at most ${MAX_URL} characters` }); return; }
  if (alias !== undefined && (typeof alias !== 'string' || !ALIAS.test(alias))) { send(res, 400, { error: 'alias must match ^[0-9A-Za-z_-]{3,32}$' }); return; }
  if (typeof alias === 'string' && RESERVED.has(alias)) { send(res, 400, { error: `alias ${alias} is a path the server serves` }); return; }
  if (ttlSeconds !== undefined && (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0)) {
    send(res, 400, { error: 'ttlSeconds must be a positive number' }); return;
  }
  // An expired alias is free again: only a live link holds its code.
  if (typeof alias === 'string' && live(alias)) { send(res, 409, { error: `alias ${alias} is taken` }); return; }
  const code = typeof alias === 'string' ? alias : newCode();
  const link: Link = { url, createdAt: new Date().toISOString(), expiresAt: ttlSeconds === undefined ? null : Date.now() + ttlSeconds * 1000, clicks: 0, dirty: false };
  // Synchronous from the check to the insert: no other request can take the code in between, even while
  // the record waits for its sync.
  links.set(code, link);
  append({ code, url: link.url, createdAt: link.createdAt, expiresAt: link.expiresAt }, (error) => {
    if (!error) { send(res, 201, { code }); return; }
    if (links.get(code) === link) links.delete(code);
    send(res, 500, { error: 'could not store the link' });
  });
}

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') { send(res, 200, { ok: true }); return; }
  if (path === '/urls') {
    if (req.method === 'POST') { void shorten(req, res); return; }
    send(res, 405, { error: 'use POST' }, { allow: 'POST' }); return;
  }
  const stats = /^\/urls\/([^/]+)\/stats$/.exec(path);
  if (stats && req.method === 'GET') {
    const link = live(decode(stats[1]));
    if (!link) { send(res, 404, { error: 'no such code' }); return; }
    send(res, 200, { url: link.url, clicks: link.clicks, createdAt: link.createdAt }); return;
  }
  const redirect = /^\/([^/]+)$/.exec(path);
  if (redirect && req.method === 'GET') {
    const code = decode(redirect[1]);
    const link = live(code);
    if (!link) { send(res, 404, { error: 'no such code' }); return; }
    link.clicks++;
    if (!link.dirty) { link.dirty = true; dirty.push([code, link]); }
    send(res, 302, undefined, { location: link.url }); return;
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  // Counts survive a graceful restart exactly: the last clicks are synced before the process ends.
  flushClicks();
  whenIdle = () => { closeSync(log); process.exit(0); };
  if (!syncing) commit();
});
