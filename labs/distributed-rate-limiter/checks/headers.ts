import { defineStage, expectThat, serviceOf } from '../../../src/grader/api.js';
import { CAPACITY, REFILL_PER_SECOND, describe, freshClient, instances, refilled } from './shared.js';

/** An integer header in [min, max] (the name lower-case). */
function expectHeader(headers: Record<string, string>, name: string, min: number, max: number, why: string): number {
  const text = headers[name.toLowerCase()];
  const value = text !== undefined && /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  expectThat(value >= min && value <= max, why, { expected: `${name}: ${min === max ? min : `${min} to ${max}`}`, received: text === undefined ? `no ${name} header` : `${name}: ${text}` });
  return value;
}

export const stage = defineStage({
  id: 'headers',
  checks: [
    {
      id: 'ratelimit-headers',
      title: 'Every 200 and 429 carries RateLimit-Limit, -Remaining and -Reset; a 429 carries Retry-After, all in whole seconds rounded up',
      async run(ctx) {
        const servers = instances(ctx);
        const client = freshClient(ctx, 'headers');
        const started = Date.now();
        // Until the first 429: on a slow machine the refill may allow a request or two past the capacity.
        let denied = false;
        for (let k = 1; k <= CAPACITY * 2 && !denied; k++) {
          const reply = await servers[k % servers.length].request('GET', `/open/${client}`);
          const extra = refilled(Date.now() - started, REFILL_PER_SECOND);
          expectHeader(reply.headers, 'RateLimit-Limit', CAPACITY, CAPACITY, 'RateLimit-Limit is the bucket\'s capacity');
          if (reply.status === 200) {
            expectHeader(reply.headers, 'RateLimit-Remaining', Math.max(0, CAPACITY - k), Math.min(CAPACITY - 1, CAPACITY - k + extra), `RateLimit-Remaining is the whole tokens left after this request (request ${k} of a new client)`);
            expectHeader(reply.headers, 'RateLimit-Reset', Math.max(0, Math.ceil((k - extra) / REFILL_PER_SECOND)), Math.ceil(k / REFILL_PER_SECOND), 'RateLimit-Reset is the seconds until the bucket is full again, rounded up');
            continue;
          }
          expectThat(reply.status === 429, 'the bucket answers 200 or 429', { expected: '200 or 429', received: describe(reply) });
          expectHeader(reply.headers, 'RateLimit-Remaining', 0, 0, 'a 429 has no whole token left');
          expectHeader(reply.headers, 'RateLimit-Reset', Math.ceil((CAPACITY - 1) / REFILL_PER_SECOND), Math.ceil(CAPACITY / REFILL_PER_SECOND), 'RateLimit-Reset on a 429: the seconds until the bucket is full again, rounded up');
          expectHeader(reply.headers, 'Retry-After', Math.ceil(1 / REFILL_PER_SECOND), Math.ceil(1 / REFILL_PER_SECOND), 'Retry-After is the seconds until the next token, rounded up (never 0: a client that retries at once is denied again)');
          denied = true;
        }
        expectThat(denied, `a client must be denied within ${CAPACITY * 2} quick requests`);
      },
    },
    {
      id: 'retry-after-honest',
      title: 'A client that waits the Retry-After of its 429 is allowed',
      async run(ctx) {
        const servers = instances(ctx);
        const client = freshClient(ctx, 'retry');
        let denial;
        for (let i = 0; i < CAPACITY * 2 && !denial; i++) {
          const reply = await servers[i % servers.length].request('GET', `/closed/${client}`);
          if (reply.status === 429) denial = { reply, at: Date.now() };
        }
        expectThat(denial !== undefined, `a client must be denied within ${CAPACITY * 2} quick requests`);
        const seconds = Number(denial.reply.headers['retry-after']);
        expectThat(Number.isInteger(seconds) && seconds > 0, 'a 429 carries Retry-After in whole seconds, at least 1', { received: describe(denial.reply) });
        await serviceOf(ctx).pause(denial.at + seconds * 1000 - Date.now());
        const after = await servers[0].request('GET', `/closed/${client}`);
        expectThat(after.status === 200, `after waiting Retry-After (${seconds} s), the next request must be allowed`, { expected: '200', received: describe(after) });
      },
    },
  ],
});
