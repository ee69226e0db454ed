import type { Writable } from 'node:stream';
import type { GradeEvent, GradeResult, Reporter } from '../events.js';
import { stepLines, compact } from './format.js';

/**
 * One JSON document at the end, in the shape of Exercism's test-runner results.json (version 3:
 * status pass/fail/error, message, tests with name, status, message, output), plus the lab's own fields.
 */
export class JsonReporter implements Reporter {
  private warnings: string[] = [];
  constructor(private readonly out: Writable) {}

  onEvent(event: GradeEvent): void {
    if (event.type === 'warning') this.warnings.push(event.message);
    if (event.type === 'end') this.out.write(`${JSON.stringify(toResultsDocument(event.result, this.warnings), null, 2)}\n`);
  }
}

export function toResultsDocument(r: GradeResult, warnings: string[] = []) {
  const failedStage = r.stages.find((s) => s.status === 'failed');
  const tests = r.stages.flatMap((stage) => stage.checks.map((check) => ({
    name: `stage ${stage.index} ${stage.id} › ${check.id}`,
    stage: stage.id,
    status: check.status === 'passed' ? 'pass' : 'fail',
    message: check.failure ? failureMessage(check.failure) : null,
    output: check.failure?.programOutput.join('\n') || null,
    test_code: check.title,
  })));
  return {
    version: 3,
    // `pass` when every stage that was asked for passed (all of them, or 1..K with --stage K).
    status: r.buildError || r.unjudged ? 'error' : failedStage ? 'fail' : 'pass',
    message: r.buildError ? `${r.buildError.message}\n${r.buildError.output}` : r.unjudged ?? null,
    lab: r.lab, labVersion: r.labVersion, track: r.track, seed: r.seed,
    stagesPassed: r.stagesPassed, stagesTotal: r.stagesTotal,
    failedStage: failedStage ? { index: failedStage.index, id: failedStage.id, title: failedStage.title } : null,
    warnings,
    durationMs: r.durationMs,
    bench: r.bench ?? null,
    tests,
  };
}

function failureMessage(f: NonNullable<GradeResult['stages'][number]['checks'][number]['failure']>): string {
  const lines = [...stepLines(f.steps), f.message];
  if (f.hasExpected) lines.push(`expected ${compact(f.expected)}`, `received ${compact(f.received)}`);
  return lines.join('\n');
}
