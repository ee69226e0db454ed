import { defineStage, serviceOf, type HttpTarget } from '../../../src/grader/api.js';
import { shorten } from './shared.js';

/** Links the benchmark redirects to; every connection cycles through all of them. */
const LINKS = 100;

async function createLinks(target: HttpTarget) {
  const requests = [];
  for (let i = 0; i < LINKS; i++) {
    const code = await shorten(target, { url: `https://example.com/bench/${i}` }, 'the benchmark creates its links first');
    requests.push({ method: 'GET', path: `/${code}` });
  }
  return requests;
}

export const stage = defineStage({
  id: 'benchmark',
  checks: [
    {
      id: 'redirect-throughput',
      title: 'Redirect throughput: half the reference\'s requests/s or more, no errors, p99 within 3× the reference\'s + 5 ms',
      async run(ctx) {
        await serviceOf(ctx).benchmark({ setup: createLinks });
      },
    },
  ],
});
