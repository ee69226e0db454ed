import type { ChalkInstance } from 'chalk';
import type { Writable } from 'node:stream';
import { RUN } from '../workspace/launcher.js';
import type { GradeResult } from './events.js';
import type { GradeRequest, gradeProgram as GradeProgram } from './grade.js';

export interface RepeatRequest extends Omit<GradeRequest, 'reporters' | 'skip'> {
  /** The first grade: only the repeatable (randomised or concurrent) stages it reached are repeated. */
  result: GradeResult;
  times: number;
  gradeProgram: typeof GradeProgram;
  out: Writable;
  colors: ChalkInstance;
}

/**
 * `grade --repeat N`: runs the randomised and concurrent stages the first grade reached N-1 more times with other seeds
 * (the deterministic stages are skipped as passed), prints the pass rate and every failing seed, and
 * returns how many runs failed (the first grade included).
 */
export async function runRepeats(req: RepeatRequest): Promise<number> {
  const reached = req.result.stages.filter((s) => s.status !== 'skipped');
  const randomised = new Set(reached.filter((s) => s.repeatable).map((s) => s.id));
  const c = req.colors;
  if (randomised.size === 0) {
    req.out.write(c.dim('--repeat: no randomised or concurrent stage was reached, so there is nothing to repeat.\n'));
    return 0;
  }
  const lastReached = Math.max(...reached.map((s) => s.index));
  const started = Date.now();
  const tty = Boolean((req.out as { isTTY?: boolean }).isTTY);
  const failingSeeds: number[] = req.result.stages.some((s) => randomised.has(s.id) && s.status === 'failed') ? [req.seed] : [];
  for (let run = 1; run < req.times && !req.signal.aborted; run++) {
    const seed = req.seed + run;
    const again = await req.gradeProgram({
      ...req, seed, reporters: [], untilStage: lastReached,
      skip: (stage) => !randomised.has(stage.id),
    });
    if (again.stages.some((s) => s.status === 'failed')) failingSeeds.push(seed);
    // Progress: rewritten in place on a terminal, one line per run on a pipe.
    const progress = `run ${run + 1} of ${req.times} (seed ${seed}): ${failingSeeds.length} failed so far`;
    req.out.write(tty ? `\r\x1b[2K${c.dim(progress)}` : `${progress}\n`);
  }
  if (tty) req.out.write('\r\x1b[2K');
  const totalMs = req.result.durationMs + (Date.now() - started);
  const passed = req.times - failingSeeds.length;
  const names = [...randomised].join(', ');
  const line = `Repeated stage${randomised.size > 1 ? 's' : ''} ${names}: ${passed} of ${req.times} runs passed (${(totalMs / 1000).toFixed(1)} s in all, the first grade included)`;
  req.out.write(`${failingSeeds.length ? c.red(line) : c.green(line)}\n`);
  for (const seed of failingSeeds) req.out.write(`  failed with seed ${seed}: replay it with \`${RUN} grade --seed ${seed}\`\n`);
  return failingSeeds.length;
}
