import { defineStage, expectMatch } from '../../../src/grader/api.js';
import { capacityParams } from './model.js';
import { Filter, diagnoseCapacity, expectRefused } from './shared.js';

/**
 * (n, p) pairs whose -n ln p / (ln 2)^2 is not within 1e-6 of an integer and whose m/n ln 2 is not within
 * 1e-6 of a half, so the last bit of a logarithm can never decide the answer in either language.
 */
const TABLE: [number, number][] = [
  [1000, 0.01], [10_000, 0.001], [250, 0.05], [12_345, 0.0001], [1_000_000, 0.01], [7, 0.3], [100, 0.5],
  [1, 0.01], [3, 0.2], [50_000, 0.02], [999, 0.125],
];

const formula = (n: number, p: number) => {
  const { m, k } = capacityParams(n, p);
  return `n = ${n}, p = ${p}: m = ceil(-n ln p / (ln 2)^2) = ceil(${(-n * Math.log(p) / (Math.LN2 * Math.LN2)).toFixed(4)}) = ${m}, ` +
    `k = max(1, round(m/n ln 2)) = max(1, round(${(m / n * Math.LN2).toFixed(4)})) = ${k}`;
};

export const stage = defineStage({
  id: 'from-capacity',
  checks: [
    {
      id: 'standard-sizing',
      title: 'fromCapacity(n, p) picks m = ceil(-n ln p / (ln 2)^2) and k = max(1, round(m/n ln 2))',
      async run(ctx) {
        for (const [n, p] of TABLE) {
          const want = capacityParams(n, p);
          const reply = await ctx.program.call({ op: 'capacity', n, p });
          const why = diagnoseCapacity(n, p, reply);
          expectMatch(reply, { ok: true, ...want }, `${formula(n, p)}${why ? `. ${why}` : ''}`);
        }
      },
    },
    {
      id: 'k-at-least-one',
      title: 'A loose p, where m/n ln 2 rounds to 0, still gets k = 1',
      async run(ctx) {
        for (const [n, p] of [[1000, 0.75], [50, 0.9], [3, 0.99]] as [number, number][]) {
          const want = capacityParams(n, p);
          const reply = await ctx.program.call({ op: 'capacity', n, p });
          const why = diagnoseCapacity(n, p, reply);
          expectMatch(reply, { ok: true, ...want }, `${formula(n, p)}: a filter with k = 0 would set no bit and report every item present${why ? `. ${why}` : ''}`);
        }
      },
    },
    {
      id: 'rejects-bad-arguments',
      title: 'n = 0, a fractional n, p outside (0, 1) and an m beyond 2^32-1 are refused',
      async run(ctx) {
        await expectRefused(ctx, { op: 'capacity', n: 0, p: 0.01 }, 'fromCapacity with n = 0');
        await expectRefused(ctx, { op: 'capacity', n: 2.5, p: 0.01 }, 'fromCapacity with n = 2.5 (n is a whole number of items: a fraction is refused)');
        for (const p of [0, 1, 1.5, -0.1]) await expectRefused(ctx, { op: 'capacity', n: 100, p }, `fromCapacity with p = ${p} (p must be strictly between 0 and 1)`);
        await expectRefused(ctx, { op: 'capacity', n: 1e10, p: 0.01 },
          'fromCapacity(1e10, 0.01), which needs m = 95,850,584,025 bits (more than 2^32-1, the largest m the header can hold),');
      },
    },
    {
      id: 'sized-filter-holds-n-items',
      title: 'A filter from fromCapacity holds its n items',
      async run(ctx) {
        const reply = await ctx.program.call({ op: 'capacity', n: 5000, p: 0.01 });
        expectMatch(reply, { ok: true, ...capacityParams(5000, 0.01) }, formula(5000, 0.01));
        const f = new Filter(ctx);
        await f.addMany(`cap${ctx.seed}-`, 5000);
        const present = await f.countMany(`cap${ctx.seed}-`, 5000);
        expectMatch(present, 5000, 'every one of the 5000 items added must be reported present');
      },
    },
  ],
});
