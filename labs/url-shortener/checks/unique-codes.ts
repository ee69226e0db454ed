import { defineStage, expectThat, serviceOf, type HttpReply } from '../../../src/grader/api.js';
import { CODE, uniqueUrl } from './shared.js';

/**
 * Enough links that a generator without a collision check hands out some code twice. With 4 random characters of
 * [0-9A-Za-z] (62^4 ≈ 14.78M codes), n links collide with probability 1 − e^(−n(n−1)/(2·62^4)): for n = 20,000
 * that is 1 − e^(−13.53) ≈ 1 − 1.3·10⁻⁶, so such a generator fails every time. (5 characters: ≈ 20 %; the 200 links
 * of stage 1 catch 4 characters only 0.13 % of the time.)
 */
const LINKS = 20_000;
const PARALLEL = 64;
/**
 * Codes redirected afterwards, drawn at random: distinct codes were already checked on every create, so the
 * redirects look for links lost or mixed up after their 201, which a sample this size finds when they are
 * more than a fraction of a percent (a server losing 0.5 % of them passes it with probability 0.995^2000 ≈ 4·10⁻⁵).
 */
const REDIRECTED = 2_000;
/** Per request: a server that syncs once per create queues up to PARALLEL syncs. */
const REQUEST_TIMEOUT_MS = 10_000;

/** `count` distinct indices below `n`, in random order (a partial Fisher–Yates shuffle). */
function sample(n: number, count: number, below: (n: number) => number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < count; k++) {
    const j = k + below(n - k);
    [all[k], all[j]] = [all[j], all[k]];
  }
  return all.slice(0, count);
}

function shown(reply: HttpReply | undefined): string {
  if (!reply) return 'no answer';
  return `${reply.status}${reply.headers.location !== undefined ? ` Location: ${reply.headers.location}` : ''} ${reply.body.slice(0, 200)}`;
}

export const stage = defineStage({
  id: 'unique-codes',
  checks: [
    {
      id: 'twenty-thousand-links',
      title: `${LINKS.toLocaleString('en-US')} links created ${PARALLEL} at a time get distinct codes; ${REDIRECTED.toLocaleString('en-US')} of them, drawn at random, each lead to their own url`,
      async run(ctx) {
        const svc = serviceOf(ctx);
        const urls = Array.from({ length: LINKS }, (_, i) => uniqueUrl(ctx.random, `scale-${i}`));
        const created = await svc.load({ requests: urls.map((url) => ({ method: 'POST', path: '/urls', body: { url } })), total: LINKS, concurrency: PARALLEL, timeoutMs: REQUEST_TIMEOUT_MS, keepReplies: true });
        ctx.note(`created ${LINKS} links, ${PARALLEL} at a time, in ${created.durationMs} ms`);
        const owner = new Map<string, string>();
        const codes: string[] = [];
        for (const [i, url] of urls.entries()) {
          const reply = created.replies?.[i];
          const code = (reply?.json as { code?: unknown } | undefined)?.code;
          expectThat(reply?.status === 201 && typeof code === 'string' && CODE.test(code), `every valid url must be accepted with 201 {"code": …} matching ${CODE.source}: POST /urls {"url": ${JSON.stringify(url)}} (link ${i + 1} of ${LINKS})`, { expected: '201 {"code": "…"}', received: reply ? shown(reply) : `no answer${created.firstError ? ` (${created.firstError})` : ''}` });
          const earlier = owner.get(code);
          expectThat(earlier === undefined, `a generated code must never collide with a code in use: ${code} was given to ${earlier} and again to ${url} (${owner.size} links in; draw again when a code is taken)`);
          owner.set(code, url);
          codes.push(code);
        }
        const picked = sample(LINKS, REDIRECTED, (n) => ctx.random.int(0, n - 1));
        const resolved = await svc.load({ requests: picked.map((i) => ({ method: 'GET', path: `/${codes[i]}` })), total: picked.length, concurrency: PARALLEL, timeoutMs: REQUEST_TIMEOUT_MS, keepReplies: true });
        ctx.note(`redirected ${picked.length} of the codes, drawn at random, ${PARALLEL} at a time, in ${resolved.durationMs} ms`);
        for (const [k, i] of picked.entries()) {
          const reply = resolved.replies?.[k];
          expectThat(reply?.status === 302 && reply.headers.location === urls[i], `every code answered with 201 must lead to its own url: GET /${codes[i]} (link ${i + 1} of ${LINKS})`, { expected: `302 Location: ${urls[i]}`, received: reply ? shown(reply) : `no answer${resolved.firstError ? ` (${resolved.firstError})` : ''}` });
        }
      },
    },
  ],
});
