import { describe, expect, it } from 'vitest';
import type { BenchStats } from '../../bench/stats.js';
import { machineTooBusy, type Measured, type Round } from './benchmark.js';

const LIMIT = 250;
const stats = {} as BenchStats;
const m = (stallMs: number): Measured => ({ stats, stallMs });
const round = (yours: number, reference: number): Round => ({ yours: m(yours), reference: m(reference) });

describe('machineTooBusy', () => {
  it('judges a failure when the helpers kept up with both servers', () => {
    expect(machineTooBusy(LIMIT, round(0, 10), round(LIMIT, 40))).toBeUndefined();
  });

  it('puts a failure down to the machine when the helpers stalled during the deciding measurement of the learner\'s server', () => {
    expect(machineTooBusy(LIMIT, round(0, 0), round(900, 0))).toMatch(/fell 900 ms behind during your server's measurement/);
  });

  it('puts a failure down to the machine when the helpers stalled while the reference was measured', () => {
    expect(machineTooBusy(LIMIT, round(0, 0), round(0, 600))).toMatch(/during the reference's measurement/);
  });

  it('judges a server that stalls the helpers in both rounds while they keep up with the reference', () => {
    expect(machineTooBusy(LIMIT, round(700, 0), round(800, 0))).toBeUndefined();
  });

  it('does not judge when the reference stalled them too in either round', () => {
    expect(machineTooBusy(LIMIT, round(700, 300), round(800, 0))).toBeDefined();
  });
});
