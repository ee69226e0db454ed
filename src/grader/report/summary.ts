import type { ChalkInstance } from 'chalk';
import { PassThrough } from 'node:stream';
import type { GradeEvent, Reporter } from '../events.js';
import { TextReporter } from './text.js';

/**
 * A condensed report for `watch`: one line per stage that ran, then the first failing check with its
 * replay, in the same words as `grade`. Rendered once, when the grade ends.
 */
export class SummaryReporter implements Reporter {
  private lines: string[] = [];
  constructor(private readonly c: ChalkInstance, private readonly onDone: (text: string) => void) {}

  onEvent(event: GradeEvent): void {
    switch (event.type) {
      case 'warning': this.lines.push(this.c.yellow(`! ${event.message}`)); return;
      case 'stage-end':
        if (event.passed) this.lines.push(`${this.c.green('✔')} Stage ${event.index}: ${event.id}`);
        return;
      case 'stage-start':
        this.lines.push(this.c.bold(`▶ Stage ${event.index}/${event.total}: ${event.title}`));
        return;
      case 'check-fail':
        this.lines.push(...render(event, this.c));
        return;
      case 'end': {
        const r = event.result;
        if (r.buildError) this.lines.push(this.c.red(`✘ ${r.buildError.message}:`), ...r.buildError.output.split('\n').map((l) => `  ${l}`));
        else if (r.passed) this.lines.push('', this.c.green.bold(`All ${r.stagesTotal} stages passed.`));
        else this.lines.push('', `${r.stagesPassed} of ${r.stagesTotal} stages passed.`);
        this.onDone(this.lines.join('\n'));
        return;
      }
      default:
    }
  }
}

function render(event: Extract<GradeEvent, { type: 'check-fail' }>, c: ChalkInstance): string[] {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (d: Buffer) => chunks.push(d.toString()));
  new TextReporter(out, c).onEvent(event);
  return chunks.join('').trimEnd().split('\n');
}
