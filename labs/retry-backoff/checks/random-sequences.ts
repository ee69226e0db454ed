import { checkModel, defineStage, expectThat, fc, type Program } from '../../../src/grader/api.js';
import { simulate, type PolicySpec, type Scenario, type Step } from './model.js';
import { describe, describeEnd, near } from './shared.js';

const stepArb: fc.Arbitrary<Step> = fc.record({
  outcome: fc.constantFrom('fail' as const, 'fail' as const, 'fail' as const, 'fatal' as const, 'ok' as const),
  ms: fc.integer({ min: 0, max: 60 }),
});

const policyArb: fc.Arbitrary<PolicySpec> = fc.record({
  maxAttempts: fc.integer({ min: 0, max: 9 }),
  baseDelayMs: fc.constantFrom(0, 1, 10, 100, 250),
  maxDelayMs: fc.constantFrom(0, 50, 100, 1000, 5000),
  // Never a multiple of 1/64 ms, so no attempt or sleep can end exactly on the deadline.
  deadlineMs: fc.option(fc.integer({ min: 1, max: 3000 }).map((ms) => ms + 1 / 128), { nil: undefined }),
  predicate: fc.boolean(),
}).map((p) => (p.deadlineMs === undefined ? { maxAttempts: p.maxAttempts, baseDelayMs: p.baseDelayMs, maxDelayMs: p.maxDelayMs, predicate: p.predicate } : p));

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  policy: policyArb,
  script: fc.array(stepArb, { maxLength: 10 }),
  // Multiples of 1/64: times a whole number of ms, exact in both tracks (Go truncates to the nanosecond).
  randoms: fc.array(fc.integer({ min: 0, max: 63 }).map((k) => k / 64), { maxLength: 10 }),
  cancelDuringSleep: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
}).map((s) => (s.cancelDuringSleep === undefined ? { policy: s.policy, script: s.script, randoms: s.randoms } : s));

const FIELDS = ['outcome', 'reason', 'value', 'same', 'attempt', 'lastErrorSame', 'calls', 'sleeps', 'onRetry', 'randomCalls', 'elapsed'];

async function runScenarios(scenarios: Scenario[], program: Program): Promise<void> {
  for (const [i, s] of scenarios.entries()) {
    const expected = simulate(s);
    const reply = await program.call({ op: 'retry', policy: s.policy, script: s.script, randoms: s.randoms, cancelDuringSleep: s.cancelDuringSleep });
    const want = Object.fromEntries(FIELDS.filter((k) => k in expected).map((k) => [k, expected[k]]));
    if ('attempts' in expected) Object.assign(want, { attempts: expected.attempts, delaysMs: expected.delaysMs });
    const got = Object.fromEntries(Object.keys(want).map((k) => [k, reply[k]]));
    expectThat(near(got, want), `scenario ${i + 1} of ${scenarios.length} (${describe(s)}) differs from the contract, which ends with ${describeEnd(expected)}`,
      { expected: want, received: got });
  }
}

export const stage = defineStage({
  id: 'random-sequences',
  checks: [
    {
      id: 'agrees-with-the-model',
      title: 'Random policies, attempt scripts, random() values, deadlines and cancellations match the contract\'s retry reply for reply',
      async run(ctx) {
        ctx.note('each run: up to 4 retries with random settings (maxAttempts 0–9, delays, caps, deadlines never on a boundary, isRetryable or not), attempts that fail, fail fatally or succeed and take 0–60 ms, and random() values');
        await checkModel(ctx, { sequences: fc.array(scenarioArb, { minLength: 1, maxLength: 4 }), runs: 150, run: runScenarios });
      },
    },
  ],
});
