import { setMaxListeners } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import type { HttpReply, HttpRequestOptions, LoadResult, LoadSpec } from './types.js';

/** Bound on a body the grader reads: a check never needs more, and a flood must not fill memory. */
const MAX_BODY_BYTES = 1024 * 1024;

export class HttpError extends Error {}

/**
 * One HTTP exchange over its own bounded time. A refused, reset or silent server is an HttpError whose
 * message says which; the caller turns it into the program's fault.
 */
export function sendRequest(baseUrl: string, method: string, path: string, options: HttpRequestOptions & { agent?: Agent; timeoutMs: number; signal?: AbortSignal }): Promise<HttpReply> {
  const { payload, headers } = encodeBody(options.body, options.headers);
  return new Promise<HttpReply>((resolve, reject) => {
    const url = new URL(path, baseUrl);
    const req = httpRequest(url, { method, headers, agent: options.agent ?? false, signal: options.signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) { req.destroy(new HttpError(`answered with a body larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`)); return; }
        chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: flat, body: text, json: parseJson(text) });
      });
      res.on('error', (e) => { clearTimeout(timer); reject(describe(e, options.timeoutMs)); });
    });
    const timer = setTimeout(() => req.destroy(new HttpError(`did not answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on('error', (e) => { clearTimeout(timer); reject(describe(e, options.timeoutMs)); });
    if (payload !== undefined) req.end(payload); else req.end();
  });
}

/** A burst of requests over `concurrency` keep-alive connections, counted by status. */
export async function sendLoad(baseUrl: string, spec: LoadSpec, timeoutMs: number, signal?: AbortSignal): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  // One listener on the caller's signal, however many requests are in flight.
  const local = new AbortController();
  setMaxListeners(0, local.signal);
  const onAbort = () => local.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  const started = Date.now();
  const statuses: Record<number, number> = {};
  let errors = 0;
  let firstError: string | undefined;
  const replies: (HttpReply | undefined)[] | undefined = spec.keepReplies ? new Array<HttpReply | undefined>(spec.total).fill(undefined) : undefined;
  let next = 0;
  const worker = async () => {
    while (next < spec.total && !local.signal.aborted) {
      const index = next++;
      const r = spec.requests[index % spec.requests.length];
      try {
        const reply = await sendRequest(baseUrl, r.method, r.path, { body: r.body, headers: r.headers, agent, timeoutMs: spec.timeoutMs ?? timeoutMs, signal: local.signal });
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
        if (replies) replies[index] = reply;
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(spec.concurrency, spec.total) }, worker));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    agent.destroy();
  }
  return { sent: Math.min(next, spec.total), statuses, errors, firstError, durationMs: Date.now() - started, ...(replies ? { replies } : {}) };
}

/**
 * The body and its headers. Content-Length is always set when there is a body: Node's client does not
 * chunk a DELETE, GET or OPTIONS body, so without it a server would read the body as a second request.
 */
function encodeBody(body: unknown, headers: Record<string, string> = {}): { payload?: string; headers: Record<string, string> } {
  if (body === undefined) return { headers };
  const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const typed = typeof body === 'string' || has('content-type') ? headers : { ...headers, 'content-type': 'application/json' };
  return { payload, headers: has('content-length') ? typed : { ...typed, 'content-length': String(Buffer.byteLength(payload)) } };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try { return JSON.parse(text); } catch { return undefined; }
}

function describe(error: unknown, timeoutMs: number): HttpError {
  if (error instanceof HttpError) return error;
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ECONNREFUSED': return new HttpError('refused the connection (is the server still running?)');
    case 'ECONNRESET': return new HttpError('closed the connection without answering');
    case 'ABORT_ERR': return new HttpError('the request was cancelled (time limit or interruption)');
    case 'HPE_INVALID_CONSTANT': case 'HPE_INVALID_STATUS': return new HttpError(`answered with something that is not HTTP (${e.message})`);
    default: return new HttpError(e.message ? `failed: ${e.message}` : `did not answer within ${timeoutMs} ms`);
  }
}

/** `POST /urls {"url":"…"}`: a request as the transcript shows it. */
export function describeRequest(method: string, path: string, body: unknown): string {
  if (body === undefined) return `${method} ${path}`;
  return `${method} ${path} ${clip(typeof body === 'string' ? body : JSON.stringify(body))}`;
}

/** `302 Location: https://…` or `201 {"code":"…"}`. */
export function describeReply(reply: HttpReply): string {
  const location = reply.headers.location !== undefined ? ` Location: ${clip(reply.headers.location)}` : '';
  const body = reply.body ? ` ${clip(reply.body.trim())}` : '';
  return `${reply.status}${location}${body}`;
}

function clip(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
