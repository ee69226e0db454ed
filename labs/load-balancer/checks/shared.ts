// Shared helpers of the load-balancer checks (not a stage).
import { expectThat, serviceOf, type CheckContext, type HttpReply, type HttpRequestOptions, type LoadResult } from '../../../src/grader/api.js';

/** Must equal lab.yaml service.env (what the learner's server is started with). */
export const HEALTH_INTERVAL_MS = 500;
export const BACKEND_TIMEOUT_MS = 1000;
/** lab.yaml service.helpers.backend.count */
export const BACKEND_COUNT = 3;
/** How long the checks give a health change to show: the contract's bound (README). */
export const HEALTH_SETTLE_MS = 5 * HEALTH_INTERVAL_MS;
/** Bound on an answer the balancer must give "at once" (503 with no healthy backend). */
export const PROMPT_MS = 500;

export const NAMES = Array.from({ length: BACKEND_COUNT }, (_, i) => `backend-${i + 1}`);

/** What the echo backends answer (checks/backend.ts). */
export interface Echo { backend: string; count: number; method: string; url: string; headers: Record<string, string>; body: string }

export function describe(reply: HttpReply): string {
  const backend = reply.headers['x-backend'] ? ` (x-backend: ${reply.headers['x-backend']})` : '';
  return `${reply.status}${backend}${reply.body ? ` ${reply.body.slice(0, 200)}` : ''}`;
}

/** A request that must reach a backend and come back as its echo (200). */
export async function echo(ctx: CheckContext, method: string, path: string, options: HttpRequestOptions = {}, why = 'the request must be forwarded to a backend and its answer returned'): Promise<Echo> {
  const reply = await serviceOf(ctx).request(method, path, options);
  expectThat(reply.status === 200, `${why}: expected the backend's 200`, { expected: 200, received: describe(reply) });
  const e = reply.json as Echo | undefined;
  expectThat(typeof e?.backend === 'string' && NAMES.includes(e.backend), `${why}: the body must be the backend's answer, unchanged`, { expected: '{"backend": "backend-N", …}', received: reply.body.slice(0, 200) });
  return e;
}

/** A 502, 503 or 504 made by the balancer itself: that status and a JSON body `{"error": string}` (README). */
export function expectOwnError(reply: HttpReply, status: number, why: string): void {
  expectThat(reply.status === status, why, { expected: status, received: describe(reply) });
  const error = (reply.json as { error?: unknown } | undefined)?.error;
  expectThat(typeof error === 'string' && error.length > 0 && !reply.headers['x-backend'],
    `the balancer's own ${status} carries a short JSON body with a non-empty "error" string, e.g. {"error": "no healthy backend"}`,
    { expected: '{"error": "…"}', received: reply.body.slice(0, 200) || '(empty body)' });
}

/** Backend names of `n` sequential requests. */
export async function sequence(ctx: CheckContext, n: number, method = 'GET', tag = 'rr', why?: string): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await echo(ctx, method, `/${tag}/${i}`, {}, why)).backend);
  return out;
}

/**
 * The sequence must visit exactly `healthy` (names, in BACKENDS order) in round-robin order: each request goes
 * to the first healthy backend after the previous one, wrapping around.
 */
export function expectRoundRobin(got: string[], healthy: string[], why: string): void {
  const start = healthy.indexOf(got[0]);
  const expected = got.map((_, i) => healthy[(Math.max(0, start) + i) % healthy.length]);
  expectThat(start >= 0 && got.every((b, i) => b === expected[i]), why, { expected: expected.join(' → '), received: got.join(' → ') });
}

/**
 * How many requests each backend has received so far (health checks excluded): one sequential request per
 * backend, which round-robin spreads over all of them; each echo carries its backend's own count.
 */
export async function countsOf(ctx: CheckContext): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < BACKEND_COUNT; i++) {
    const e = await echo(ctx, 'GET', `/count/${i}`, {}, 'a plain GET must reach a backend');
    counts.set(e.backend, e.count);
  }
  expectThat(counts.size === BACKEND_COUNT, `${BACKEND_COUNT} sequential requests with every backend healthy must reach ${BACKEND_COUNT} different backends (round-robin)`, { expected: NAMES.join(', '), received: [...counts.keys()].join(', ') });
  return counts;
}

/** Requests each backend received between two `countsOf` (the second one's own request excluded). */
export function delta(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  return Object.fromEntries(NAMES.map((n) => [n, (after.get(n) ?? 0) - (before.get(n) ?? 0) - 1]));
}

/** Statuses of a burst (with "no answer" when some got none), for messages. */
export function tally(r: LoadResult): Record<string, number> {
  return { ...r.statuses, ...(r.errors ? { 'no answer': r.errors } : {}) };
}

/** Every backend healthy again (restores what a check broke), then waits for the health checks to see it. */
export async function restoreAll(ctx: CheckContext): Promise<void> {
  const backends = serviceOf(ctx).helper('backend');
  await backends.fail(null);
  await backends.slow(0);
  await backends.start();
  await serviceOf(ctx).pause(HEALTH_SETTLE_MS);
}

/** A request timed by the grader's wall clock (the reply and how long it took). */
export async function timed(ctx: CheckContext, method: string, path: string, options: HttpRequestOptions = {}): Promise<{ reply: HttpReply; ms: number }> {
  const started = Date.now();
  const reply = await serviceOf(ctx).request(method, path, options);
  return { reply, ms: Date.now() - started };
}
