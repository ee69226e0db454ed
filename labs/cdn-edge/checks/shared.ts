// Shared helpers of the cdn-edge checks (not a stage).
import { expectThat, serviceOf, type CheckContext, type HttpReply, type LoadResult } from '../../../src/grader/api.js';
import { OriginControl, type LoggedRequest, type ResourceSpec } from './origin-control.js';
import { etagOf, lastModifiedOf } from './origin.js';

export { OriginControl, etagOf, lastModifiedOf, type LoggedRequest, type ResourceSpec };

/** Must equal lab.yaml service.env ORIGIN_TIMEOUT_MS and the README. */
export const ORIGIN_TIMEOUT_MS = 1000;
/** How long past an entry's lifetime (whole seconds) the checks wait before they expect it to be stale. */
export const PAST_MS = 250;

/** A path no other check uses (the origin keeps every check's resources and logs). */
export function freshPath(ctx: CheckContext, tag: string): string {
  return `/${tag}/${ctx.random.int(0, 1e9).toString(36)}`;
}

export function get(ctx: CheckContext, path: string, headers?: Record<string, string>, timeoutMs?: number): Promise<HttpReply> {
  return serviceOf(ctx).request('GET', path, { headers, timeoutMs });
}

export function describe(reply: HttpReply): string {
  return `${reply.status}${reply.headers.age !== undefined ? ` (Age: ${reply.headers.age})` : ''}${reply.body ? ` ${reply.body.slice(0, 200)}` : ''}`;
}

/** Statuses of a burst (with "no answer" when some got none), for messages. */
export function tally(r: LoadResult): Record<string, number> {
  return { ...r.statuses, ...(r.errors ? { 'no answer': r.errors } : {}) };
}

/** What the origin's body is for this version (and these echoed request headers). */
export function bodyOf(path: string, version: number, echo?: Record<string, string | null>): string {
  return JSON.stringify({ path, version, ...(echo ? { echo } : {}) });
}

/** The reply must be `200` with the origin's body for `version` (and echo), unchanged, and an `Age` header. */
export function expectBody(reply: HttpReply, path: string, version: number, why: string, echo?: Record<string, string | null>): void {
  const body = bodyOf(path, version, echo);
  expectThat(reply.status === 200 && reply.body === body, why, { expected: `200 ${body}`, received: describe(reply) });
  expectAge(reply, 0, Infinity, 'every answer carries an Age header: whole seconds');
}

/** The reply's `Age` must be a whole number of seconds within [min, max]. */
export function expectAge(reply: HttpReply, min: number, max: number, why: string): void {
  const age = reply.headers.age;
  const ok = age !== undefined && /^\d+$/.test(age) && Number(age) >= min && Number(age) <= max;
  expectThat(ok, why, { expected: `Age: ${max === Infinity ? `${min} or more` : min === max ? min : `${min} to ${max}`}`, received: age === undefined ? 'no Age header' : `Age: ${age}` });
}

/** The origin must have had exactly `n` requests for `path` by now. */
export async function expectRequests(origin: OriginControl, path: string, n: number, why: string): Promise<LoggedRequest[]> {
  const log = await origin.requests(path);
  expectThat(log.length === n, why, { expected: `${n} origin request${n === 1 ? '' : 's'} for ${path}`, received: `${log.length}` });
  return log;
}

/** The reply must be `status` with a JSON body `{"error": "…"}`. */
export function expectError(reply: HttpReply, status: number, why: string): void {
  const body = reply.json as { error?: unknown } | undefined;
  expectThat(reply.status === status && typeof body?.error === 'string', why, { expected: `${status} {"error": "…"}`, received: describe(reply) });
}

/** Restores the origin after a check, whatever it broke. */
export async function withOrigin(ctx: CheckContext, body: (origin: OriginControl) => Promise<void>): Promise<void> {
  const origin = OriginControl.of(ctx);
  try {
    await body(origin);
  } finally {
    await serviceOf(ctx).helper('origin').start();
    await origin.reset();
  }
}

/** Waits until `ms` have passed since `since` (a Date.now() value), noted in the transcript. */
export async function waitUntil(ctx: CheckContext, since: number, ms: number): Promise<void> {
  const left = since + ms - Date.now();
  if (left > 0) await serviceOf(ctx).pause(left);
}

/** GETs `path` (a first miss) and returns when its answer arrived: lifetimes are counted from there. */
export async function load(ctx: CheckContext, path: string, version: number, headers?: Record<string, string>, echo?: Record<string, string | null>): Promise<number> {
  expectBody(await get(ctx, path, headers), path, version, 'a miss must answer the origin\'s 200 and body unchanged', echo);
  return Date.now();
}
