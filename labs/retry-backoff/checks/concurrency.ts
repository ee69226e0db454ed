import { defineStage, expectThat, type Random, type Reply } from '../../../src/grader/api.js';
import { capFor, type PolicySpec, type Step, type Task } from './model.js';
import { describe, expectAgrees } from './shared.js';

const TASKS = 48;

function randomTask(random: Random): Task {
  const script: Step[] = Array.from({ length: random.int(1, 7) }, () => ({
    outcome: random.pick(['fail', 'fail', 'fail', 'fatal', 'ok'] as const), ms: random.int(0, 20),
  }));
  const randoms = Array.from({ length: 7 }, () => random.int(0, 63) / 64);
  return { script, randoms };
}

export const stage = defineStage({
  id: 'concurrency',
  checks: [
    {
      id: 'many-retries-at-once',
      title: 'Many retries running at once on one policy each follow the contract on their own',
      async run(ctx) {
        const policy: PolicySpec = { maxAttempts: 6, baseDelayMs: 10, maxDelayMs: 200, deadlineMs: 400 + 1 / 128, predicate: true };
        const tasks = Array.from({ length: TASKS }, () => randomTask(ctx.random));
        ctx.note(`${TASKS} retries at once, sharing one policy (each with its own clock, sleep and scripted random()); their attempts and sleeps interleave`);
        const reply = await ctx.program.call({ op: 'hammer', policy, tasks }, { timeoutMs: 15_000 });
        const results = (reply.results ?? []) as Reply[];
        expectThat(results.length === TASKS, `the driver must report ${TASKS} results`, { received: reply });
        for (const [i, task] of tasks.entries()) {
          const s = { policy, ...task };
          ctx.note(`retry ${i + 1}: ${describe(s)}`);
          expectAgrees(results[i], s, `retry ${i + 1} of ${TASKS} running at the same time (keep every piece of a retry's state inside that call: nothing shared between calls)`);
          ctx.steps.length = 0;
        }
      },
    },
    {
      id: 'default-random-shared',
      title: 'With no random source given, the default one is safe to call from many retries at once (Go: under the race detector)',
      async run(ctx) {
        const policy: PolicySpec = { maxAttempts: 5, baseDelayMs: 40, maxDelayMs: 1000 };
        const tasks: Task[] = Array.from({ length: TASKS }, () => ({ script: Array.from({ length: 5 }, () => ({ outcome: 'fail' as const, ms: 1 })) }));
        ctx.note(`${TASKS} retries at once with no random source in the policy: they all draw from your default one`);
        const reply = await ctx.program.call({ op: 'hammer', policy, tasks, defaultRandom: true }, { timeoutMs: 15_000 });
        const results = (reply.results ?? []) as Reply[];
        expectThat(results.length === TASKS, `the driver must report ${TASKS} results`, { received: reply });
        for (const [i, r] of results.entries()) {
          expectThat(r.outcome === 'retry-error' && r.reason === 'exhausted' && r.attempts === 5,
            `retry ${i + 1}: every attempt fails, so it must end with RetryError "exhausted" after 5 attempts`, { received: r });
          const sleeps = (r.sleeps ?? []) as { ms: number }[];
          expectThat(sleeps.length === 4, `retry ${i + 1}: 4 sleeps expected between 5 attempts`, { received: sleeps });
          sleeps.forEach((sleep, n) => {
            const cap = capFor(n + 1, policy);
            expectThat(sleep.ms >= 0 && sleep.ms <= cap, `retry ${i + 1}: the delay after attempt ${n + 1} must lie between 0 and its cap ${cap} ms`, { received: sleep.ms });
          });
        }
        const all = results.flatMap((r) => ((r.sleeps ?? []) as { ms: number }[]).map((x) => x.ms));
        expectThat(new Set(all).size > all.length / 2,
          'with the default random source the delays must be spread out (full jitter), not the same for every retry', { received: all.slice(0, 20) });
      },
    },
  ],
});
