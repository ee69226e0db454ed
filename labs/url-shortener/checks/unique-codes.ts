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
/** Per request: a server that syncs once per create queues up to PARALLEL syncs. */
const REQUEST_TIMEOUT_MS = 10_000;

function shown(reply: HttpReply | undefined): string {
  if (!reply) return 'no answer';
  return `${reply.status}${reply.headers.location !== undefined ? ` Location: ${reply.headers.location}` : ''} ${reply.body.slice(0, 200)}`;
}

export const stage = defineStage({
  id: 'unique-codes',
  checks: [
    {
      id: 'twenty-thousand-links',
      title: `${LINKS.toLocaleString('en-US')} links created ${PARALLEL} at a time get distinct codes, each leading to its own url`,
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
        const resolved = await svc.load({ requests: codes.map((code) => ({ method: 'GET', path: `/${code}` })), total: LINKS, concurrency: PARALLEL, timeoutMs: REQUEST_TIMEOUT_MS, keepReplies: true });
        ctx.note(`redirected all ${LINKS} codes, ${PARALLEL} at a time, in ${resolved.durationMs} ms`);
        for (const [i, code] of codes.entries()) {
          const reply = resolved.replies?.[i];
          expectThat(reply?.status === 302 && reply.headers.location === urls[i], `every code answered with 201 must lead to its own url: GET /${code} (link ${i + 1} of ${LINKS})`, { expected: `302 Location: ${urls[i]}`, received: reply ? shown(reply) : `no answer${resolved.firstError ? ` (${resolved.firstError})` : ''}` });
        }
      },
    },
  ],
});
