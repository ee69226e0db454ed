import type { GradeResult } from '../grader/events.js';
import type { GradeRecord, LabProgress, Progress } from './schema.js';
import type { ProgressStore } from './store.js';

export type LabStatus = { kind: 'not-started' } | { kind: 'in-progress'; stage: number; total: number } | { kind: 'passed' };

export function labStatus(progress: Progress, labId: string, stagesTotal: number): LabStatus {
  const lab = progress.labs[labId];
  if (!lab) return { kind: 'not-started' };
  if (lab.passedAt) return { kind: 'passed' };
  return { kind: 'in-progress', stage: Math.min(lab.stagesPassed + 1, stagesTotal), total: stagesTotal };
}

export function recordStart(store: ProgressStore, info: { lab: string; track: string; workspace: string; stagesTotal: number; now: Date }) {
  return store.update((p) => {
    const at = info.now.toISOString();
    const existing = p.labs[info.lab];
    p.labs[info.lab] = existing
      ? { ...existing, track: info.track, workspace: info.workspace, updatedAt: at, stagesTotal: info.stagesTotal }
      : { track: info.track, workspace: info.workspace, startedAt: at, updatedAt: at, stagesTotal: info.stagesTotal, stagesPassed: 0, hintsShown: 0, grades: [] };
    p.activity.push({ at, kind: 'lab-start', lab: info.lab, summary: `started ${info.lab} (${info.track})`, data: { workspace: info.workspace, track: info.track } });
  });
}

/** Keeps only the most recent grades of a lab: the store stays small, the furthest stage is kept apart. */
const GRADES_KEPT = 50;

export function recordGrade(store: ProgressStore, result: GradeResult, workspace: string, now: Date) {
  return store.update((p) => {
    const at = now.toISOString();
    const lab: LabProgress = p.labs[result.lab] ?? {
      track: result.track, workspace, startedAt: at, updatedAt: at, stagesTotal: result.stagesTotal, stagesPassed: 0, hintsShown: 0, grades: [],
    };
    const failed = result.stages.find((s) => s.status === 'failed');
    const bench = benchFigures(result);
    lab.grades = [...lab.grades, {
      at, track: result.track, labVersion: result.labVersion, passed: result.passed, stagesPassed: result.stagesPassed,
      stagesTotal: result.stagesTotal, failedStage: failed?.id, seed: result.seed, durationMs: result.durationMs, workspace,
      ...(bench ? { bench } : {}),
    }].slice(-GRADES_KEPT);
    lab.updatedAt = at;
    lab.track = result.track;
    lab.workspace = workspace;
    lab.stagesTotal = result.stagesTotal;
    lab.stagesPassed = Math.max(lab.stagesPassed, result.stagesPassed);
    if (result.passed && !lab.passedAt) lab.passedAt = at;
    p.labs[result.lab] = lab;
    p.activity.push({
      at, kind: 'grade', lab: result.lab,
      summary: result.passed ? `passed every stage of ${result.lab}` : `${result.lab}: ${result.stagesPassed}/${result.stagesTotal} stages${failed ? `, failing ${failed.id}` : ''}`,
      data: {
        track: result.track, passed: result.passed, stagesPassed: result.stagesPassed, stagesTotal: result.stagesTotal, failedStage: failed?.id, workspace,
        // What the session log prints as the day's benchmark figures.
        ...(bench ? { bench: { 'req/s': bench.requestsPerSecond, 'reference req/s': bench.referenceRequestsPerSecond, 'p99 ms': bench.p99Ms, errors: bench.errors, verdict: bench.passed ? 'passed' : 'failed' } } : {}),
      },
    });
  });
}

function benchFigures(result: GradeResult): GradeRecord['bench'] {
  const b = result.bench;
  if (!b) return undefined;
  return {
    requestsPerSecond: b.yours.requestsPerSecond, referenceRequestsPerSecond: b.reference.requestsPerSecond,
    p50Ms: b.yours.latency.p50, p99Ms: b.yours.latency.p99, errors: b.yours.errors, passed: b.verdict.passed,
  };
}

export function recordHint(store: ProgressStore, labId: string, shown: number) {
  return store.update((p) => {
    const lab = p.labs[labId];
    if (lab) lab.hintsShown = Math.max(lab.hintsShown, shown);
  });
}
