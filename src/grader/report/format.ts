import type { Step } from '../check-failure.js';

const MAX_VALUE_LENGTH = 300;

export function compact(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}

/** Transcript lines for a failed check: the most recent steps, each request with the reply it got. */
export function stepLines(steps: Step[], max = 25): string[] {
  const shown = steps.slice(-max);
  const lines = steps.length > max ? [`… ${steps.length - max} earlier steps`] : [];
  for (const step of shown) {
    if (step.kind === 'note') lines.push(`· ${step.text}`);
    else if (step.kind === 'http') lines.push(`→ ${step.request}${step.reply === undefined ? '  (no answer)' : `  ← ${step.reply}`}`);
    else if (step.kind === 'send') lines.push(`→ ${compact(step.request)}  (no reply)`);
    else lines.push(`→ ${compact(step.request)}  ← ${compact(step.reply)}`);
  }
  return lines;
}
