import type { ChalkInstance } from 'chalk';
import type { Writable } from 'node:stream';
import { benchProgressLine, benchReportLines } from '../../bench/report.js';
import type { GradeEvent, Reporter } from '../events.js';
import { RUN } from '../../workspace/launcher.js';
import { compact, stepLines } from './format.js';

/** The grader's human transcript: `[stage <lab>#<n>]` lines, the learner's output as `[your program]`. */
export class TextReporter implements Reporter {
  /** A progress line is on screen (TTY only) and must be cleared before the next line. */
  private progressShown = false;
  private lastPhase = '';
  constructor(private readonly out: Writable & { isTTY?: boolean }, private readonly c: ChalkInstance, private readonly verbose = false) {}

  onEvent(event: GradeEvent): void {
    if (event.type === 'bench-progress') { this.progress(benchProgressLine(event), `${event.side}:${event.phase}`); return; }
    if (this.progressShown) { this.out.write('\r\x1b[2K'); this.progressShown = false; }
    const w = (line: string) => this.out.write(`${line}\n`);
    switch (event.type) {
      case 'bench-result':
        for (const line of benchReportLines(event.report, (ok) => (ok ? this.c.green('✔') : this.c.red('✘')))) w(line ? `  ${line}` : '');
        return;
      case 'start':
        w(this.c.bold(`Grading ${event.title} (${event.lab}, ${event.track} track, ${event.stages} stages)`));
        return;
      case 'warning':
        w(this.c.yellow(`! ${event.message}`));
        return;
      case 'build':
        if (event.phase === 'start') w(this.c.dim(event.variant === 'default' ? 'Building…' : `Building (${event.variant} build)…`));
        else if (this.verbose && event.ms !== undefined) w(this.c.dim(`Built in ${event.ms} ms`));
        return;
      case 'stage-skipped':
        w(`${this.prefix(event.lab, event.index)} ${this.c.dim(`Stage ${event.index} passed before: ${event.title} (--previous runs it again)`)}`);
        return;
      case 'stage-start':
        w(`${this.prefix(event.lab, event.index)} Running stage ${event.index}/${event.total}: ${event.title}`);
        return;
      case 'check-pass': {
        w(`${this.prefix(event.lab, event.index)} ${this.c.green('✔')} ${event.title}`);
        if (this.verbose) for (const line of stepLines(event.steps)) w(`${this.prefix(event.lab, event.index)}   ${this.c.dim(line)}`);
        return;
      }
      case 'check-fail': {
        const p = this.prefix(event.lab, event.index);
        const f = event.failure;
        w(`${p} ${this.c.red('✘')} ${event.title} ${this.c.dim(`(check ${event.id})`)}`);
        for (const line of stepLines(f.steps)) w(`${p}   ${this.c.dim(line)}`);
        w(`${p}   ${this.c.red(f.message)}`);
        if (f.hasExpected) {
          w(`${p}   expected ${this.c.green(compact(f.expected))}`);
          w(`${p}   received ${this.c.red(compact(f.received))}`);
        }
        for (const line of f.diagram ?? []) w(`${p}   ${line}`);
        if (f.programOutput.length) {
          w(this.c.dim(`${p}   your program's stderr, last lines:`));
          for (const line of f.programOutput) w(`${this.c.cyan('[your program]')} ${line}`);
        }
        return;
      }
      case 'stage-end': {
        const p = this.prefix(event.lab, event.index);
        if (event.passed) w(`${p} ${this.c.green('Stage passed')} ${this.c.dim(`(${event.durationMs} ms${event.randomised ? `, seed ${event.seed}` : ''})`)}`);
        else {
          const seed = event.randomised ? ` (seed ${event.seed}; rerun with --seed ${event.seed})` : '';
          w(`${p} ${this.c.red('Stage failed')}${seed}. Stuck? ${this.c.bold(`${RUN} hint`)}`);
        }
        return;
      }
      case 'end': {
        const r = event.result;
        if (r.buildError) {
          w(this.c.red(`✘ ${r.buildError.message}:`));
          for (const line of r.buildError.output.split('\n')) w(`${this.c.cyan('[build]')} ${line}`);
          return;
        }
        w('');
        if (r.passed) w(this.c.green.bold(`All ${r.stagesTotal} stages passed.`) + this.c.dim(` (${r.durationMs} ms)`));
        else {
          const failed = r.stages.find((s) => s.status === 'failed');
          const ran = r.stages.filter((s) => s.status === 'passed');
          if (failed) w(`${this.c.red.bold(`Stage ${failed.index} of ${r.stagesTotal} failed: ${failed.title}.`)} ${r.stagesPassed} of ${r.stagesTotal} passed.`);
          else if (ran.length === 0) w('No stage ran.');
          else w(this.c.green(`${ran.length === 1 ? `Stage ${ran[0].index} passed` : `Stages ${ran.map((s) => s.index).join(', ')} passed`} (${ran.length} of ${r.stagesTotal} ran).`));
        }
        return;
      }
    }
  }

  /** On a terminal the line is rewritten in place; on a pipe only a new phase prints, once. */
  private progress(line: string, phase: string): void {
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${this.c.dim(line)}`);
      this.progressShown = true;
    } else if (phase !== this.lastPhase) {
      this.out.write(`${line.replace(/ \[[#.]+\].*$/, '…')}\n`);
    }
    this.lastPhase = phase;
  }

  private prefix(lab: string, index: number): string {
    return this.c.magenta(`[stage ${lab}#${index}]`);
  }
}
