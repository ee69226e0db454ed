import { z } from 'zod';
import { ExitCode } from '../exit-codes.js';
import { labStatus, type LabStatus } from '../progress/labs.js';
import { endOfLocalDay, localDay } from '../progress/local-time.js';
import { bar, describeNext } from '../progress/plan-rows.js';
import { isDue, nextStep } from '../progress/plan-ticks.js';
import { activeDays, streakOf } from '../progress/streak.js';
import { quizRecords } from '../quiz/records.js';
import { colorsFor } from '../ui/colors.js';
import { RUN } from '../workspace/launcher.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { loadPlanReport } from './plan.js';
import { parseOptions } from './shared-options.js';

export const StatusOptions = z.object({ json: z.boolean().default(false) });
export type StatusOptions = z.infer<typeof StatusOptions>;

export const action: Action = (_args, raw, ctx) => runStatus(parseOptions(StatusOptions, raw), ctx);

/** The home screen: plan progress, the current lab and its stage, quiz cards due today, the streak. */
export async function runStatus(opts: StatusOptions, ctx: CliContext): Promise<number> {
  const now = ctx.now();
  const { report, progress, catalog, bank } = await loadPlanReport(ctx);
  // The current lab is the one worked on last.
  const latest = Object.entries(progress.labs).sort(([, a], [, b]) => (a.updatedAt < b.updatedAt ? 1 : -1))[0];
  const lab = latest ? (() => {
    const [id, rec] = latest;
    const stages = catalog.labs.find((l) => l.id === id)?.stages.length ?? rec.stagesTotal;
    return { id, status: labStatus(progress, id, stages), workspace: rec.workspace, updatedAt: rec.updatedAt };
  })() : null;
  const records = quizRecords(progress);
  const endOfToday = endOfLocalDay(now);
  // The same "due" as grade's queue and the quiz: queued by a failed check, or an answered card FSRS says is due.
  const dueToday = bank.questions.filter((q) => isDue(records, q.id, endOfToday)).length;
  const queued = bank.questions.filter((q) => records.queued[q.id] || records.cards[q.id]?.queuedAt).length;
  const unseen = bank.questions.filter((q) => !records.cards[q.id] && !records.queued[q.id]).length;
  // "Next" looks at the lab being worked on first.
  const next = nextStep(report.items, lab?.id);
  const streak = streakOf(activeDays(progress), localDay(now));
  const status = {
    today: localDay(now),
    plan: { ...report.overall, parts: report.parts.map((p) => ({ id: p.id, title: p.title, ...p.tally })) },
    lab, quiz: { dueToday, queued, unseen }, streak, next,
  };
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const c = colorsFor(ctx.stdout, ctx.env);
  const ascii = !ctx.stdout.isTTY;
  const line = (label: string, text: string) => ctx.stdout.write(`${c.bold(label.padEnd(8))}${text}\n`);
  line('Plan', `${bar(report.overall.percent, 20, ascii)} ${report.overall.percent}% (${report.overall.done}/${report.overall.total} items)`);
  for (const p of status.plan.parts) ctx.stdout.write(`        ${c.dim(`${p.title}: ${p.percent}% (${p.done}/${p.total})`)}\n`);
  line('Lab', lab ? `${lab.id}: ${describeLab(lab.status)}  ${c.dim(lab.workspace)}` : c.dim('none started yet: `sysdesign list`, then `sysdesign start <lab>`'));
  const queuedNote = queued ? ` (${queued} queued by failed lab checks)` : '';
  line('Quiz', `${dueToday} question${dueToday === 1 ? '' : 's'} due today${queuedNote}${unseen ? `, ${unseen} not seen yet` : ''}: \`${RUN} quiz\``);
  line('Streak', `${streak.current} day${streak.current === 1 ? '' : 's'}${streak.longest > streak.current ? ` (longest ${streak.longest})` : ''}${streak.activeToday ? '' : c.dim('; nothing yet today')}`);
  line('Next', describeNext(next));
  return ExitCode.Ok;
}

function describeLab(s: LabStatus): string {
  return s.kind === 'passed' ? 'passed' : s.kind === 'not-started' ? 'not started' : `stage ${s.stage} of ${s.total}`;
}
