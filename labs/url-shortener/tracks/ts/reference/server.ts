// URL shortener: node:http only. Every accepted link is appended to DATA_DIR/urls.log (one JSON line) and
// fsynced before the 201 goes out; on start the log is replayed, so links survive restarts and crashes.
import { randomInt } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';

interface Link { url: string; createdAt: string; expiresAt: number | null; clicks: number }

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CODE_LENGTH = 7;
const ALIAS = /^[0-9A-Za-z_-]{3,32}$/;
const MAX_URL = 2048;
const MAX_BODY = 16 * 1024;

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
      const r = JSON.parse(line) as { code: string; url: string; createdAt: string; expiresAt: number | null };
      links.set(r.code, { url: r.url, createdAt: r.createdAt, expiresAt: r.expiresAt, clicks: 0 });
    } catch { /* a line torn by a crash mid-write was never acknowledged: skip it */ }
  }
}
replay();
const log = openSync(logFile, 'a');

/** Appends one record and forces it to disk: only then may the client hear 201. */
function persist(code: string, link: Link): void {
  writeSync(log, `${JSON.stringify({ code, url: link.url, createdAt: link.createdAt, expiresAt: link.expiresAt })}\n`);
  fsyncSync(log);
}

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
  const { url, alias, ttlSeconds } = input;
  if (!validUrl(url)) { send(res, 400, { error: `url must be an absolute http or https URL with a host, at most ${MAX_URL} characters` }); return; }
  if (alias !== undefined && (typeof alias !== 'string' || !ALIAS.test(alias))) { send(res, 400, { error: 'alias must match ^[0-9A-Za-z_-]{3,32}$' }); return; }
  if (ttlSeconds !== undefined && (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0)) {
    send(res, 400, { error: 'ttlSeconds must be a positive number' }); return;
  }
  if (typeof alias === 'string' && links.has(alias)) { send(res, 409, { error: `alias ${alias} is taken` }); return; }
  const code = typeof alias === 'string' ? alias : newCode();
  const link: Link = { url, createdAt: new Date().toISOString(), expiresAt: ttlSeconds === undefined ? null : Date.now() + ttlSeconds * 1000, clicks: 0 };
  // Synchronous from the check to the insert: no other request can take the code in between.
  persist(code, link);
  links.set(code, link);
  send(res, 201, { code });
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
    const link = live(decode(redirect[1]));
    if (!link) { send(res, 404, { error: 'no such code' }); return; }
    link.clicks++;
    send(res, 302, undefined, { location: link.url }); return;
  }
  send(res, 404, { error: 'not found' });
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
process.on('SIGTERM', () => { server.close(); closeSync(log); process.exit(0); });
