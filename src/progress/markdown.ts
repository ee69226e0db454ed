import type { ItemState, PlanReport } from './plan-ticks.js';
import type { DayEntry } from './session-log.js';
import { weekday } from './local-time.js';

/** The heading the session log sits under, as in the seed plan; import stops reading items there. */
export const SESSION_LOG_HEADING = 'Session Log & Notes';
export const EXTRAS_HEADING = 'Imported items not in the plan';

/**
 * The plan in the shape of the learning-plan document it mirrors: title, parts, modules, groups, `[x]`/`[ ]`
 * items (ticked by results or by hand alike), then the session log, one entry per day.
 */
export function planMarkdown(report: PlanReport, log: DayEntry[]): string {
  const items = new Map(report.items.map((i) => [i.id, i]));
  const out: string[] = [`# ${report.title}`, ''];
  if (report.summary) out.push(report.summary, '');
  out.push('---', '');
  let moduleNo = 0;
  report.parts.forEach((part, p) => {
    out.push(`## Part ${p + 1}: ${part.title}`, '');
    if (part.summary) out.push(part.summary, '');
    for (const mod of part.modules) {
      moduleNo++;
      out.push(`*   **Module ${moduleNo}: ${mod.title}**`);
      for (const id of mod.items) out.push(`    ${itemLine(items.get(id)!)}`);
      for (const group of mod.groups) {
        out.push(`    *   **${group.title}**`);
        for (const id of group.items) out.push(`        ${itemLine(items.get(id)!)}`);
      }
      out.push('');
    }
    for (const id of part.items) out.push(itemLine(items.get(id)!));
    if (part.items.length) out.push('');
    out.push('---', '');
  });
  if (report.extras.length) {
    out.push(`## ${EXTRAS_HEADING}`, '');
    for (const e of report.extras) out.push(`*   [${e.checked ? 'x' : ' '}] ${e.title}`);
    out.push('', '---', '');
  }
  out.push(`## ${SESSION_LOG_HEADING}`, '');
  if (log.length === 0) out.push('*(No sessions yet: labs started, stages passed, quiz sessions and notes appear here, one entry per day.)*', '');
  for (const day of log) out.push(...dayEntry(day));
  return `${out.join('\n').trimEnd()}\n`;
}

function itemLine(item: ItemState): string {
  return `*   [${item.ticked ? 'x' : ' '}] ${boldLabel(item.title)}`;
}

/** "Case Study 1: URL Shortener" is written with its numbered label in bold, as the plan document does. */
function boldLabel(title: string): string {
  const m = /^([A-Z][A-Za-z ]*\d+:)\s+(.*)$/.exec(title);
  return m ? `**${m[1]}** ${m[2]}` : title;
}

function dayEntry(day: DayEntry): string[] {
  const lines = ['---', `**${weekday(day.day)} ${day.day}**`, '', `*   **Summary:** ${day.summary}`, '*   **Key Things Covered:**'];
  for (const c of day.covered) lines.push(`    *   ${c}`);
  lines.push(`*   **Code Location:** ${day.locations.length ? day.locations.map((l) => `\`${l}\``).join(', ') : '(none)'}`);
  return lines;
}
