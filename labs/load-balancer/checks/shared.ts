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

/** Whether `got` visits exactly `healthy` (names, in BACKENDS order) in round-robin order, from any of them. */
export function isRoundRobin(got: string[], healthy: string[]): boolean {
  const start = healthy.indexOf(got[0]);
  return start >= 0 && got.every((b, i) => b === healthy[(start + i) % healthy.length]);
}

/**
 * The sequence must visit exactly `healthy` (names, in BACKENDS order) in round-robin order: each request goes
 * to the first healthy backend after the previous one, wrapping around.
 */
export function expectRoundRobin(got: string[], healthy: string[], why: string): void {
  const start = healthy.indexOf(got[0]);
  const expected = got.map((_, i) => healthy[(Math.max(0, start) + i) % healthy.length]);
  expectThat(isRoundRobin(got, healthy), why, { expected: expected.join(' → '), received: got.join(' → ') });
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

/**
 * Every backend healthy again (restores what a check broke), then waits until the balancer has them all in
 * the rotation again, or the contract's bound has passed (the check after it judges).
 */
export async function restoreAll(ctx: CheckContext): Promise<void> {
  const backends = serviceOf(ctx).helper('backend');
  await backends.fail(null);
  await backends.slow(0);
  await backends.start();
  await awaitAllInRotation(ctx, Date.now());
}

/** Pause between two rounds of a wait that saw nothing yet: a tenth of a health interval. */
const POLL_GAP_MS = HEALTH_INTERVAL_MS / 10;
/**
 * What one poll request sends: a POST, which the contract never retries, so a failing backend still picked
 * shows as its own failure rather than as another backend's answer.
 */
const POLL_REQUEST = { method: 'POST', body: 'poll' } as const;

/** The answers of one round of sequential poll requests (undefined: no answer before the bound). */
type Round = (HttpReply | undefined)[];

/** The backend that answered 200 with its echo, if one did. */
function echoedBy(reply: HttpReply | undefined): string | undefined {
  const backend = (reply?.json as Partial<Echo> | undefined)?.backend;
  return reply?.status === 200 && typeof backend === 'string' && NAMES.includes(backend) ? backend : undefined;
}

/** An answer in a few characters: its status and the backend that echoed it. */
function brief(reply: HttpReply | undefined): string {
  return reply ? `${reply.status}${echoedBy(reply) ? ` ${echoedBy(reply)}` : ''}` : 'no answer';
}

/**
 * Waits until the balancer shows the state a health change leads to, or until `HEALTH_SETTLE_MS` (the
 * contract's bound) after `since`, when the change was made; the check that follows judges either way, so
 * a balancer that never gets there fails it exactly as it would after a fixed wait, and one that gets there
 * sooner is judged sooner. It sends rounds of `size` requests, one at a time; the answers a round
 * gets while the change is still on its way (a failing backend's 500, a 502, a 504, a 503) are allowed by
 * the contract and not judged. The rounds move the round-robin cursor, so what follows must accept any
 * starting backend (expectRoundRobin does). Its requests leave one line in the transcript, not one each.
 */
async function awaitState(ctx: CheckContext, since: number, state: string, size: number, reached: (round: Round) => boolean): Promise<boolean> {
  const svc = serviceOf(ctx);
  const deadline = since + HEALTH_SETTLE_MS;
  const mark = ctx.steps.length;
  let rounds = 0;
  let seen = false;
  let round: Round = [];
  while (!seen && Date.now() < deadline) {
    if (rounds > 0) await svc.pause(Math.min(POLL_GAP_MS, Math.max(0, deadline - Date.now())));
    rounds++;
    round = [];
    for (let i = 0; i < size && Date.now() < deadline; i++) {
      // Each request is cut at the bound, so a balancer that holds requests cannot stretch the wait past it.
      const timeoutMs = Math.min(BACKEND_TIMEOUT_MS + 1000, Math.max(1, deadline - Date.now()));
      const r = await svc.load({ requests: [{ ...POLL_REQUEST, path: `/poll/${rounds}/${i}` }], total: 1, concurrency: 1, timeoutMs, keepReplies: true });
      round.push(r.replies?.[0]);
    }
    seen = round.length === size && reached(round);
  }
  const polled = ctx.steps.splice(mark).filter((s) => s.kind === 'http').length;
  const took = Date.now() - since;
  ctx.note(seen ? `${state} after ${took} ms (${polled} sequential POSTs sent while waiting)`
    : polled === 0 ? `${took} ms since the change: the ${HEALTH_SETTLE_MS} ms the health checks get (5 intervals) have passed, judging now`
      : `${state}: not seen within ${HEALTH_SETTLE_MS} ms (5 health intervals; ${polled} sequential POSTs sent while waiting, the last ones answered ${round.map(brief).join(' → ')}), judging now`);
  return seen;
}

/**
 * Waits (up to the bound after `since`) until a round of requests goes round-robin over the backends other than
 * `out`, twice round and one more: the order, not only the names, because a balancer that retries what it
 * should not (a POST refused by a dead backend) gets its answer from the next backend while the dead one is
 * still in the rotation.
 */
export function awaitOutOfRotation(ctx: CheckContext, out: string[], since: number): Promise<boolean> {
  const others = NAMES.filter((n) => !out.includes(n));
  return awaitState(ctx, since, `${out.join(', ')} out of the rotation`, 2 * others.length + 1, (round) => {
    const got = round.map(echoedBy);
    return got.every((b) => b !== undefined) && isRoundRobin(got as string[], others);
  });
}

/** Waits (up to the bound after `since`) until one round of requests reaches every backend, one each. */
export function awaitAllInRotation(ctx: CheckContext, since: number): Promise<boolean> {
  return awaitState(ctx, since, 'every backend in the rotation', BACKEND_COUNT, (round) => new Set(round.map(echoedBy).filter(Boolean)).size === BACKEND_COUNT);
}

/** Waits (up to the bound after `since`) until a round of requests is answered 503: no backend is left. */
export function awaitNoneHealthy(ctx: CheckContext, since: number): Promise<boolean> {
  return awaitState(ctx, since, 'no backend in the rotation', BACKEND_COUNT, (round) => round.every((reply) => reply?.status === 503));
}

/** A request timed by the grader's wall clock (the reply and how long it took). */
export async function timed(ctx: CheckContext, method: string, path: string, options: HttpRequestOptions = {}): Promise<{ reply: HttpReply; ms: number }> {
  const started = Date.now();
  const reply = await serviceOf(ctx).request(method, path, options);
  return { reply, ms: Date.now() - started };
}

/** Why the grader's own backends may have answered a health check late since the last call, if they may. */
export async function helpersLate(ctx: CheckContext): Promise<string | undefined> {
  const stall = await serviceOf(ctx).helperStallMs();
  return stall > HEALTH_INTERVAL_MS / 2 ? `the grader's backends fell ${Math.round(stall)} ms behind (a health check has ${HEALTH_INTERVAL_MS} ms)` : undefined;
}
