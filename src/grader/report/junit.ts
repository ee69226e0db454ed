import { writeFile } from 'node:fs/promises';
import type { GradeEvent, GradeResult, Reporter } from '../events.js';
import { compact, stepLines } from './format.js';

/** Writes JUnit XML at the end of a grade, so a teacher's CI can show stages as suites and checks as cases. */
export class JunitReporter implements Reporter {
  private done: Promise<void> = Promise.resolve();
  constructor(private readonly file: string) {}

  onEvent(event: GradeEvent): void {
    if (event.type === 'end') this.done = writeFile(this.file, toJunitXml(event.result));
  }

  /** Resolves once the file is written. */
  flushed(): Promise<void> { return this.done; }
}

export function toJunitXml(r: GradeResult): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const checks = r.stages.flatMap((s) => s.checks);
  const failures = checks.filter((c) => c.status === 'failed').length + (r.buildError ? 1 : 0);
  lines.push(`<testsuites name="${esc(`${r.lab} (${r.track})`)}" tests="${checks.length}" failures="${failures}" time="${secs(r.durationMs)}">`);
  if (r.buildError) {
    lines.push(`  <testsuite name="build" tests="1" failures="1">`,
      `    <testcase classname="${esc(r.lab)}.build" name="build"><failure message="${esc(r.buildError.message)}">${esc(r.buildError.output)}</failure></testcase>`,
      '  </testsuite>');
  }
  for (const stage of r.stages) {
    const failed = stage.checks.filter((c) => c.status === 'failed').length;
    lines.push(`  <testsuite name="stage ${stage.index}: ${esc(stage.title)}" id="${esc(stage.id)}" tests="${stage.checks.length}" failures="${failed}" skipped="${stage.status === 'skipped' ? 1 : 0}" time="${secs(stage.durationMs)}">`);
    for (const check of stage.checks) {
      const open = `    <testcase classname="${esc(`${r.lab}.${stage.id}`)}" name="${esc(check.title)}" time="${secs(check.durationMs)}"`;
      if (!check.failure) { lines.push(`${open}/>`); continue; }
      const f = check.failure;
      const body = [...stepLines(f.steps), f.message, ...(f.hasExpected ? [`expected ${compact(f.expected)}`, `received ${compact(f.received)}`] : [])].join('\n');
      lines.push(`${open}>`, `      <failure message="${esc(f.message)}">${esc(body)}</failure>`);
      if (f.programOutput.length) lines.push(`      <system-err>${esc(f.programOutput.join('\n'))}</system-err>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function secs(ms: number): string { return (ms / 1000).toFixed(3); }

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]!))
    // XML 1.0 has no escape for most control characters: drop them.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
