import type { BenchDef } from '../catalog/schema/lab.js';
import { unexpectedCount, type BenchStats } from './stats.js';

export type BenchRule = BenchDef['rule'];

export interface Verdict {
  passed: boolean;
  /** One sentence per condition, each saying the requirement and the figure (failed ones first). */
  reasons: { ok: boolean; text: string }[];
}

/**
 * The relative rule of DESIGN.md section 2: the learner's server reaches a fraction of the reference's
 * throughput, answers every request as expected, and keeps its p99 within factor × reference + slack.
 */
export function judge(learner: BenchStats, reference: BenchStats, rule: BenchRule): Verdict {
  // Nothing answered: no figure below means anything (a p99 of 0 ms, "every request answered" of none).
  if (learner.completed === 0) {
    return { passed: false, reasons: [{ ok: false, text: `no request was answered in ${learner.durationSeconds} s of load (${learner.errors} without an answer)` }] };
  }
  const reasons: Verdict['reasons'] = [];
  const minRps = reference.requestsPerSecond * rule.minThroughputRatio;
  reasons.push({
    ok: learner.requestsPerSecond >= minRps,
    text: `throughput ${fmt(learner.requestsPerSecond)} req/s; at least ${fmt(minRps)} needed (${percent(rule.minThroughputRatio)} of the reference's ${fmt(reference.requestsPerSecond)})`,
  });
  const bad = learner.errors + unexpectedCount(learner);
  const detail = [learner.errors ? `${learner.errors} without an answer` : '', ...Object.entries(learner.unexpected).map(([s, n]) => `${n} answered ${s}`)].filter(Boolean).join(', ');
  reasons.push({
    ok: bad <= rule.maxErrors,
    text: bad === 0 ? 'every request answered as expected' : `${bad} requests failed (${detail}); at most ${rule.maxErrors} allowed`,
  });
  const maxP99 = reference.latency.p99 * rule.maxP99Factor + rule.p99SlackMs;
  reasons.push({
    ok: learner.latency.p99 <= maxP99,
    text: `p99 latency ${ms(learner.latency.p99)}; at most ${ms(maxP99)} allowed (${rule.maxP99Factor} × the reference's ${ms(reference.latency.p99)} + ${rule.p99SlackMs} ms)`,
  });
  reasons.sort((a, b) => Number(a.ok) - Number(b.ok));
  return { passed: reasons.every((r) => r.ok), reasons };
}

function fmt(n: number): string { return Math.round(n).toLocaleString('en-US'); }
function percent(f: number): string { return `${Math.round(f * 100)}%`; }
export function ms(n: number): string { return n >= 100 ? `${Math.round(n)} ms` : `${n.toFixed(n >= 10 ? 1 : 2)} ms`; }
