import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradeResult } from '../grader/events.js';
import { labStatus, recordGrade, recordStart } from './labs.js';
import { sessionLog } from './session-log.js';
import { openStore } from './store.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const stats = (rps: number) => ({
  requestsPerSecond: rps, completed: 100, durationSeconds: 5, connections: 10, errors: 0, unexpected: {},
  latency: { mean: 3, p50: 2, p90: 5, p99: 12, max: 20, cdf: [] },
});

function result(passed: boolean, stagesPassed: number, bench?: GradeResult['bench']): GradeResult {
  return {
    lab: 'url-shortener', labVersion: 1, track: 'ts', seed: 7, passed, stagesTotal: 3, stagesPassed, durationMs: 900, changedProvided: [],
    stages: [{ index: 1, id: 'a', title: 'A', status: 'passed', randomised: false, repeatable: false, checks: [], durationMs: 1 },
      { index: 2, id: 'b', title: 'B', status: passed ? 'passed' : 'failed', randomised: false, repeatable: false, checks: [], durationMs: 1 }],
    ...(bench ? { bench } : {}),
  };
}

describe('lab records', () => {
  it('record starts and grades, keep the furthest stage, and give the log its stages and benchmark figures', async () => {
    const store = openStore(await mkdtemp(join(tmpdir(), 'sysdesign-labs-')));
    await recordStart(store, { lab: 'url-shortener', track: 'ts', workspace: '/ws/u', stagesTotal: 3, now: NOW });
    await recordGrade(store, result(false, 1), '/ws/u', new Date(NOW.getTime() + 60_000));
    const bench = {
      yours: stats(1200), reference: stats(1500), referenceCached: true, referenceMeasuredAt: NOW.toISOString(), durationSeconds: 5,
      warmupSeconds: 1, connections: 10, verdict: { passed: true, reasons: [] }, machine: 'test',
    };
    let progress = await recordGrade(store, result(true, 3, bench), '/ws/u', new Date(NOW.getTime() + 120_000));
    progress = await recordGrade(store, result(false, 1), '/ws/u', new Date(NOW.getTime() + 180_000));
    expect(labStatus(progress, 'url-shortener', 3)).toEqual({ kind: 'passed' });
    expect(progress.labs['url-shortener'].stagesPassed).toBe(3);
    expect(progress.labs['url-shortener'].grades[1].bench).toEqual({ requestsPerSecond: 1200, referenceRequestsPerSecond: 1500, p50Ms: 2, p99Ms: 12, errors: 0, passed: true });
    const [day] = sessionLog(progress, { now: NOW });
    expect(day.covered.map((l) => l.slice(6))).toEqual([
      'Started lab `url-shortener` (ts)',
      'Graded `url-shortener`: 1/3 stages passed, failing `b`',
      'Passed every stage of `url-shortener`; benchmark: req/s 1,200, reference req/s 1,500, p99 ms 12, errors 0, verdict passed',
      'Graded `url-shortener`: 1/3 stages passed, failing `b`',
    ]);
    expect(day.summary).toBe('Started 1 lab; passed url-shortener; 2 other grade runs.');
    expect(day.locations).toEqual(['/ws/u']);
  });
});
