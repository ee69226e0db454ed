// HTTP load balancer (reference solution). Read README.md for the contract.
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';

const HEALTH_INTERVAL_MS = Number(process.env.HEALTH_INTERVAL_MS) || 1000;
const BACKEND_TIMEOUT_MS = Number(process.env.BACKEND_TIMEOUT_MS) || 5000;

interface Backend {
  index: number;
  host: string;
  port: number;
  healthy: boolean;
  /** Sequence number of the newest health check whose result was applied: a late answer never overrides a newer one. */
  applied: number;
  started: number;
}

const backends: Backend[] = (process.env.BACKENDS ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((raw, index) => {
  const url = new URL(raw);
  return { index, host: url.hostname, port: Number(url.port || 80), healthy: true, applied: 0, started: 0 };
});

/** Connections to the backends are reused; health checks use fresh ones so a closed listener shows at once. */
const pool = new Agent({ keepAlive: true, maxSockets: 256 });

// ---- round-robin ----------------------------------------------------------------------------------------

let last = -1;

/** The first healthy backend after `after` in BACKENDS order, wrapping around, other than `except`. */
function nextHealthy(after: number, except?: Backend): Backend | undefined {
  for (let step = 1; step <= backends.length; step++) {
    const b = backends[(after + step) % backends.length];
    if (b.healthy && b !== except) return b;
  }
  return undefined;
}

function pick(): Backend | undefined {
  const b = nextHealthy(last);
  if (b) last = b.index;
  return b;
}

// ---- health checks --------------------------------------------------------------------------------------

function probe(b: Backend): void {
  const seq = ++b.started;
  let done = false;
  const settle = (healthy: boolean) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (seq > b.applied) { b.applied = seq; b.healthy = healthy; }
  };
  const req = httpRequest({ host: b.host, port: b.port, method: 'GET', path: '/healthz', agent: false }, (res) => {
    res.resume();
    settle(res.statusCode === 200);
  });
  const timer = setTimeout(() => { settle(false); req.destroy(); }, HEALTH_INTERVAL_MS);
  req.on('error', () => settle(false));
  req.end();
}

setInterval(() => backends.forEach(probe), HEALTH_INTERVAL_MS).unref();

// ---- forwarding -----------------------------------------------------------------------------------------

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const listed = new Set(String(headers.connection ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !listed.has(name)) out[name] = value;
  }
  return out;
}

type Outcome = 'answered' | 'connect-failed' | 'timed-out';

/** One attempt: resolves once the backend's response has started streaming back, or why it could not. */
function attempt(b: Backend, req: IncomingMessage, res: ServerResponse, headers: OutgoingHttpHeaders, body: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    let state: 'waiting' | 'answered' | 'given-up' = 'waiting';
    const out = httpRequest({ host: b.host, port: b.port, method: req.method, path: req.url, headers, agent: pool }, (up) => {
      state = 'answered';
      clearTimeout(timer);
      res.writeHead(up.statusCode ?? 502, endToEnd(up.headers));
      up.pipe(res);
      up.on('error', () => res.destroy());
      up.on('aborted', () => res.destroy());
      resolve('answered');
    });
    const timer = setTimeout(() => {
      state = 'given-up';
      out.destroy();
      resolve('timed-out');
    }, BACKEND_TIMEOUT_MS);
    out.on('error', () => {
      if (state === 'answered') res.destroy(); // the answer broke off midway: too late for another status
      if (state !== 'waiting') return;
      state = 'given-up';
      clearTimeout(timer);
      resolve('connect-failed');
    });
    res.on('close', () => { if (!res.writableFinished) out.destroy(); });
    out.end(body);
  });
}

function fail(res: ServerResponse, status: number, error: string): void {
  if (res.headersSent) { res.destroy(); return; }
  const body = JSON.stringify({ error });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}

async function forward(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  const first = pick();
  if (!first) { fail(res, 503, 'no healthy backend'); return; }
  const headers = endToEnd(req.headers);
  const client = req.socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${client}` : client;
  if (body.length > 0 || req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) {
    headers['content-length'] = body.length;
  }
  let outcome = await attempt(first, req, res, headers, body);
  if (outcome === 'connect-failed' && (req.method === 'GET' || req.method === 'HEAD')) {
    const second = nextHealthy(first.index, first);
    if (second) outcome = await attempt(second, req, res, headers, body);
  }
  if (outcome === 'connect-failed') fail(res, 502, 'the backend could not be reached');
  else if (outcome === 'timed-out') fail(res, 504, `the backend did not answer within ${BACKEND_TIMEOUT_MS} ms`);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/healthz') {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => { forward(req, res, Buffer.concat(chunks)).catch(() => fail(res, 502, 'forwarding failed')); });
  req.on('error', () => res.destroy());
});

server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
