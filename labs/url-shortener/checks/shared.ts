// Shared helpers of the url-shortener checks (not a stage).
import { expectThat, type CheckContext, type HttpReply, type HttpTarget, type Random, serviceOf } from '../../../src/grader/api.js';

export const CODE = /^[0-9A-Za-z]{4,12}$/;

export interface ShortenInput { url: unknown; alias?: unknown; ttlSeconds?: unknown }

/** A URL no other check uses: the seed and a random path, so runs never meet. */
export function uniqueUrl(random: Random, tag: string): string {
  return `https://example.com/${tag}/${random.int(0, 1e9).toString(36)}-${random.int(0, 1e9).toString(36)}`;
}

/** A token of letters and digits (aliases, unknown codes). */
export function token(random: Random, length: number): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length }, () => random.pick([...abc])).join('');
}

/** POST /urls that must be accepted: 201 with a JSON `code` (the alias when one was asked for). */
export async function shorten(target: HttpTarget, input: ShortenInput, why = 'a valid url must be accepted'): Promise<string> {
  const reply = await target.request('POST', '/urls', { body: input });
  expectThat(reply.status === 201, `${why}: POST /urls must answer 201`, { expected: 201, received: `${reply.status} ${reply.body.slice(0, 200)}` });
  const code = (reply.json as { code?: unknown } | undefined)?.code;
  expectThat(typeof code === 'string', 'the 201 answer must be JSON {"code": string}', { expected: '{"code": "…"}', received: reply.body.slice(0, 200) });
  if (typeof input.alias === 'string') {
    expectThat(code === input.alias, 'with an alias, the code is the alias', { expected: input.alias, received: code });
  } else {
    expectThat(CODE.test(code), 'a generated code must match ^[0-9A-Za-z]{4,12}$', { expected: CODE.source, received: code });
  }
  return code;
}

/** Beyond a ttl's end: the margin covers the millisecond rounding of two readings of one clock. */
const EXPIRY_MARGIN_MS = 100;

/**
 * Waits until a link whose create was answered at `answeredAt` (grader clock, the server's clock too) has
 * surely expired: the server started its ttl before it answered, so it ended by answeredAt + ttl.
 */
export async function pastExpiry(ctx: CheckContext, answeredAt: number, ttlSeconds: number): Promise<void> {
  const wait = answeredAt + ttlSeconds * 1000 + EXPIRY_MARGIN_MS - Date.now();
  if (wait > 0) await serviceOf(ctx).pause(wait);
}

/** GET /{code} must redirect (302) to exactly `url`. */
export async function expectRedirect(ctx: CheckContext, code: string, url: string, why = `/${code} must redirect to the url it was created for`): Promise<void> {
  const reply = await serviceOf(ctx).request('GET', `/${code}`);
  expectThat(reply.status === 302, `${why}: GET /${code} must answer 302`, { expected: 302, received: describe(reply) });
  expectThat(reply.headers.location === url, `${why}: the Location header must be the original url, unchanged`, { expected: url, received: reply.headers.location ?? '(no Location header)' });
}

export async function expectStatus(ctx: CheckContext, method: string, path: string, status: number, why: string, body?: unknown): Promise<HttpReply> {
  const reply = await serviceOf(ctx).request(method, path, body === undefined ? {} : { body });
  expectThat(reply.status === status, why, { expected: status, received: describe(reply) });
  return reply;
}

/** A rejected POST /urls: the status, and a JSON body {"error": string}. */
export async function expectRejected(ctx: CheckContext, body: unknown, status: number, why: string): Promise<void> {
  const reply = await expectStatus(ctx, 'POST', '/urls', status, why, body);
  const error = (reply.json as { error?: unknown } | undefined)?.error;
  expectThat(typeof error === 'string', `a ${status} answer carries JSON {"error": string} saying what is wrong`, { expected: '{"error": "…"}', received: reply.body.slice(0, 200) });
}

/** Creates `count` links, `parallel` at a time; returns [code, url] pairs. */
export async function shortenMany(ctx: CheckContext, count: number, tag: string, parallel = 8, extra: (i: number) => Partial<ShortenInput> = () => ({})): Promise<[string, string][]> {
  const svc = serviceOf(ctx);
  const out: [string, string][] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - i) }, (_, j) => {
      const url = uniqueUrl(ctx.random, `${tag}-${i + j}`);
      return shorten(svc, { url, ...extra(i + j) }).then((code) => [code, url] as [string, string]);
    });
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

/** Every code is distinct, and each still leads to its own url. */
export async function expectAllResolve(ctx: CheckContext, links: [string, string][], when: string): Promise<void> {
  const seen = new Map<string, string>();
  for (const [code, url] of links) {
    const earlier = seen.get(code);
    expectThat(earlier === undefined, `a generated code must never collide with an existing one: ${code} was given to ${earlier} and again to ${url}${when ? ` (${when})` : ''}`);
    seen.set(code, url);
  }
  for (const [code, url] of links) await expectRedirect(ctx, code, url, `every code answered with 201 must still lead to its own url${when ? ` ${when}` : ''}`);
}

/** `GET /urls/{code}/stats` must answer 200; returns its `clicks`. */
export async function clicksOf(ctx: CheckContext, code: string, why: string): Promise<unknown> {
  const reply = await expectStatus(ctx, 'GET', `/urls/${code}/stats`, 200, `${why}: stats of /${code} must answer 200`);
  return (reply.json as { clicks?: unknown } | undefined)?.clicks;
}

/** Redirects `code` `times` times, each answered 302 to `url`. */
export async function redirectTimes(ctx: CheckContext, code: string, url: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await expectRedirect(ctx, code, url);
}

function describe(reply: HttpReply): string {
  return `${reply.status}${reply.headers.location ? ` Location: ${reply.headers.location}` : ''}${reply.body ? ` ${reply.body.slice(0, 200)}` : ''}`;
}
