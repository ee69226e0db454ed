// Shared helpers of the distributed-rate-limiter checks (not a stage).
import { expectThat, serviceOf, type CheckContext, type HttpReply, type LoadResult, type ServiceClient } from '../../../src/grader/api.js';

/** Must equal lab.yaml service.env (what the learner's servers are started with) and the README. */
export const CAPACITY = 8;
export const REFILL_PER_SECOND = 2;
export const STORE_TIMEOUT_MS = 1500;
export const BULK_CAPACITY = 600;
export const BULK_REFILL_PER_SECOND = 300;
export const BULK_BLOCK = 20;
/** lab.yaml service.instances. */
export const INSTANCES = 3;

export type Route = 'open' | 'closed' | 'bulk';

/** A client key no other check uses (the store keeps every check's buckets). */
export function freshClient(ctx: CheckContext, tag: string): string {
  return `${tag}-${ctx.random.int(0, 1e9).toString(36)}`;
}

/** Every instance of the learner's server, in order. */
export function instances(ctx: CheckContext): ServiceClient[] {
  const service = serviceOf(ctx);
  return Array.from({ length: service.instanceCount }, (_, i) => service.on(i));
}

export function describe(reply: HttpReply): string {
  return `${reply.status}${reply.body ? ` ${reply.body.slice(0, 200)}` : ''}`;
}

/** Statuses of bursts (with "no answer" when some got none), for messages. */
export function tally(results: LoadResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) {
    for (const [status, n] of Object.entries(r.statuses)) out[status] = (out[status] ?? 0) + n;
    if (r.errors) out['no answer'] = (out['no answer'] ?? 0) + r.errors;
  }
  return out;
}

/**
 * The most tokens a bucket can hand out over `ms` beyond what it held at the start: refill is continuous,
 * so a whole token more arrives only after 1000 / rate ms.
 */
export function refilled(ms: number, perSecond: number): number {
  return Math.ceil(ms * perSecond / 1000);
}

export interface Burst { allowed: number; denied: number; tookMs: number; statuses: Record<string, number> }

/**
 * `perInstance` requests of one path on every instance at once, `concurrency` at a time on each; only
 * 200 and 429 are right answers. `tookMs` runs from the first request sent to the last answer, on the
 * grader's clock: the servers saw the burst within it.
 */
export async function burst(ctx: CheckContext, path: string, perInstance: number, concurrency: number): Promise<Burst> {
  const started = Date.now();
  const results = await Promise.all(instances(ctx).map((svc) => svc.load({ requests: [{ method: 'GET', path }], total: perInstance, concurrency })));
  const tookMs = Date.now() - started;
  const statuses = tally(results);
  const allowed = statuses[200] ?? 0;
  const denied = statuses[429] ?? 0;
  expectThat(allowed + denied === perInstance * results.length, `every request must answer 200 (allowed) or 429 (denied)`, { expected: `200 or 429 ×${perInstance * results.length}`, received: statuses });
  return { allowed, denied, tookMs, statuses };
}

/** The count must lie in [min, max]; the message says which bound it broke and why. */
export function expectBetween(count: number, min: number, max: number, what: string, why: string): void {
  expectThat(count >= min && count <= max, why, { expected: min === max ? `${what}: ${min}` : `${what}: between ${min} and ${max}`, received: `${what}: ${count}` });
}

/** Restores the store after a check, whatever it broke. */
export async function withStore(ctx: CheckContext, body: () => Promise<void>): Promise<void> {
  const store = serviceOf(ctx).helper('store');
  try {
    await body();
  } finally {
    await store.start();
    await store.fail(null);
    await store.slow(0);
  }
}
