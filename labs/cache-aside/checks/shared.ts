// Shared helpers of the cache-aside checks (not a stage).
import { CheckFailure, expectThat, serviceOf, type CheckContext, type HttpReply, type HttpRequestOptions, type LoadResult } from '../../../src/grader/api.js';
import { DbControl, type DbRecord } from './db-control.js';

/** Must equal lab.yaml service.env (what the learner's server is started with) and the README. */
export const TTL_MS = 2000;
export const JITTER = 0.5;
export const NEGATIVE_TTL_MS = 800;
export const MAX_STALE_MS = 5000;
export const DB_TIMEOUT_MS = 1000;
export const MAX_ENTRIES = 20;
/** The shortest lifetime an entry may have: within it, a second read of the key is a contract breach. */
export const MIN_LIFE_MS = TTL_MS * (1 - JITTER);
export const NEGATIVE_MIN_LIFE_MS = NEGATIVE_TTL_MS * (1 - JITTER);
/** How far past a bound the checks wait before they expect it to have passed. */
export const MARGIN_MS = 300;

export { DbControl, type DbRecord };

/** A key no other check uses (the database keeps every check's data). */
export function freshKey(ctx: CheckContext, tag: string): string {
  return `${tag}-${ctx.random.int(0, 1e9).toString(36)}`;
}

/** Statuses of a burst (with "no answer" when some got none), for messages. */
export function tally(r: LoadResult): Record<string, number> {
  return { ...r.statuses, ...(r.errors ? { 'no answer': r.errors } : {}) };
}

export function describe(reply: HttpReply): string {
  return `${reply.status}${reply.body ? ` ${reply.body.slice(0, 200)}` : ''}`;
}

export function getItem(ctx: CheckContext, key: string, options?: HttpRequestOptions): Promise<HttpReply> {
  return serviceOf(ctx).request('GET', `/items/${key}`, options);
}

/** The reply must be `200` with exactly this record (the value compared as JSON, shape included). */
export function expectRecord(reply: HttpReply, record: DbRecord, why: string): void {
  const got = reply.json as DbRecord | undefined;
  const same = reply.status === 200 && got !== undefined && got.key === record.key && got.version === record.version
    && JSON.stringify(canonical(got.value)) === JSON.stringify(canonical(record.value));
  expectThat(same, why, { expected: `200 ${JSON.stringify(record)}`, received: describe(reply) });
}

/** The reply must be `status` with a JSON body `{"error": "…"}`. */
export function expectError(reply: HttpReply, status: number, why: string): void {
  const body = reply.json as { error?: unknown } | undefined;
  expectThat(reply.status === status && typeof body?.error === 'string', why, { expected: `${status} {"error": "…"}`, received: describe(reply) });
}

/** Object keys sorted, so JSON comparison ignores key order only. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  return value;
}

/**
 * A count judged on the grader's clock: the check could not prove a breach because the machine took
 * longer than the shortest lifetime the contract allows (an entry might have expired legitimately).
 */
export class Inconclusive extends Error {}

/** Throws Inconclusive when more than `windowMs` passed since `startedAt`, so the caller tries again. */
export function mustBeWithin(startedAt: number, windowMs: number, what: string): void {
  const took = Date.now() - startedAt;
  if (took >= windowMs) throw new Inconclusive(`${what} took ${took} ms, longer than the ${windowMs} ms an entry is sure to live`);
}

/**
 * Runs an attempt (with fresh keys each time) until it is conclusive: a slow moment of the machine must
 * never fail a correct server, and a breach proven on the grader's clock fails at once.
 */
export async function conclusively(ctx: CheckContext, attempt: (round: number, last: boolean) => Promise<void>, rounds = 4): Promise<void> {
  let last = '';
  for (let round = 1; round <= rounds; round++) {
    try {
      await attempt(round, round === rounds);
      return;
    } catch (error) {
      if (!(error instanceof Inconclusive)) throw error;
      last = error.message;
      ctx.note(`inconclusive (${last}): trying again with new keys`);
    }
  }
  throw new CheckFailure(`${rounds} attempts were too slow to judge (the last: ${last}); a cache answers these requests in milliseconds`);
}

/**
 * Each key must have been read exactly `expected[key]` times. Fewer reads is always a breach. An extra read
 * is one when it reached the database less than `lifeMs` after the read before it was answered: the entry
 * made from that answer was stored later still, so it was sure to be fresh. An extra read that came later
 * may be a legitimate expiry on a slow machine, and the attempt is inconclusive. Judged on the database's
 * clock, so the grader's own delays never count against the server.
 */
export async function expectReads(db: DbControl, expected: Record<string, number>, lifeMs: number, why: string): Promise<void> {
  const keys = Object.keys(expected);
  const log = await db.log(keys);
  const wrong = keys.filter((k) => log[k].length !== expected[k]);
  if (wrong.length === 0) return;
  const proven = wrong.filter((k) => {
    const reads = log[k];
    if (reads.length < expected[k]) return true;
    for (let j = Math.max(1, expected[k]); j < reads.length; j++) {
      const answered = reads[j - 1].answered;
      if (answered === undefined || reads[j].arrived < answered + lifeMs) return true;
    }
    return false;
  });
  if (proven.length === 0) throw new Inconclusive(`${wrong.length} key(s) were read again, but only ${lifeMs} ms or more after the read before, when an entry may have expired`);
  const plural = (n: number) => `${n} read${n === 1 ? '' : 's'}`;
  expectThat(false, why, {
    expected: proven.slice(0, 6).map((k) => `${k}: ${plural(expected[k])}`).join(', '),
    received: proven.slice(0, 6).map((k) => `${k}: ${plural(log[k].length)}`).join(', '),
  });
}

/** Restores the database after a check, whatever it broke. */
export async function withDb(ctx: CheckContext, body: (db: DbControl) => Promise<void>): Promise<void> {
  const db = DbControl.of(ctx);
  try {
    await body(db);
  } finally {
    await restoreDb(ctx, db);
  }
}

/** Listening, default latency, no failure: what a check that breaks the database starts each attempt from. */
export async function restoreDb(ctx: CheckContext, db: DbControl): Promise<void> {
  await serviceOf(ctx).helper('db').start();
  await db.reset();
}

/** Waits until `ms` have passed since `since` (Date.now() value), noted in the transcript. */
export async function waitUntil(ctx: CheckContext, since: number, ms: number): Promise<void> {
  const left = since + ms - Date.now();
  if (left > 0) await serviceOf(ctx).pause(left);
}
