import { z } from 'zod';
import type { BankQuestion, QuestionBank } from '../catalog/questions.js';
import { QUESTION_KINDS } from '../catalog/schema/question.js';
import { formatProblem, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { filterQuestions, pickCards, pickExam } from '../quiz/bank.js';
import { localDateTime as formatWhen } from '../progress/local-time.js';
import { quizRecords } from '../quiz/records.js';
import { startSession, summarise, type CardResult, type SessionState } from '../quiz/session.js';
import { randomSeed } from '../grader/random.js';
import { colorsFor } from '../ui/colors.js';
import { loadInk } from '../ui/load-ink.js';
import { questionBankFor, storeFor } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';

export const DEFAULT_NEW_PER_DAY = 20;
const EXAM_RECALLS = 3;
const DEFAULT_COUNT = 20;

export const QuizOptions = z.object({
  topic: z.string().optional(),
  plan: z.string().optional(),
  kind: z.enum(QUESTION_KINDS).optional(),
  count: z.coerce.number().int().min(1).optional(),
  exam: z.boolean().default(false),
  minutes: z.coerce.number().int().min(1).max(180).optional(),
  plain: z.boolean().default(false),
  seed: z.coerce.number().int().nonnegative().optional(),
  stats: z.boolean().default(false),
  json: z.boolean().default(false),
  setNewPerDay: z.coerce.number().int().min(0).max(1000).optional(),
});
export type QuizOptions = z.infer<typeof QuizOptions>;

export const action: Action = (_args, raw, ctx) => runQuiz(parseOptions(QuizOptions, raw), ctx);

export async function runQuiz(opts: QuizOptions, ctx: CliContext): Promise<number> {
  if (opts.json && !opts.stats) throw new UsageError('--json goes with --stats', 'a quiz session prints text; use --plain to script one.');
  const store = storeFor(ctx);
  if (opts.setNewPerDay !== undefined) {
    await store.update((p) => { p.settings.quizNewPerDay = opts.setNewPerDay; });
    ctx.stdout.write(`New cards per day: ${opts.setNewPerDay}.\n`);
    return ExitCode.Ok;
  }
  const bank = await questionBankFor(ctx);
  const hadProblems = reportBankProblems(bank, ctx);
  const done = (code: number) => (hadProblems ? ExitCode.Usage : code);
  const planIds = [...new Set(bank.questions.flatMap((q) => q.plan))];
  const now = ctx.now();
  if (opts.stats) {
    const { quizStats, statsLines } = await import('../quiz/stats.js');
    const questions = filterQuestions(bank, { topic: opts.topic, plan: opts.plan, kind: opts.kind }, planIds);
    const stats = quizStats(questions, quizRecords(await store.read()), now);
    ctx.stdout.write(opts.json ? `${JSON.stringify({ at: now.toISOString(), ...stats }, null, 2)}\n` : `${statsLines(stats).join('\n')}\n`);
    return done(ExitCode.Ok);
  }
  const progress = await store.read();
  const records = quizRecords(progress);
  let cards: BankQuestion[];
  if (opts.exam) {
    const pool = filterQuestions(bank, { topic: opts.topic, plan: opts.plan }, planIds);
    cards = pickExam(pool, records, now, opts.count ?? EXAM_RECALLS);
  } else {
    const newPerDay = newCardsPerDay(progress.settings.quizNewPerDay);
    const picked = pickCards(filterQuestions(bank, { topic: opts.topic, plan: opts.plan, kind: opts.kind }, planIds), records, { now, count: opts.count ?? DEFAULT_COUNT, newPerDay });
    cards = picked.cards;
    if (cards.length === 0) {
      const next = picked.nextDue ? ` The next card is due ${formatWhen(picked.nextDue)}.` : '';
      ctx.stdout.write(`Nothing due now, and today's ${newPerDay} new cards are done.${next}\n`
        + 'Raise the limit with `sysdesign quiz --set-new-per-day N`, or practise a mock interview with `sysdesign quiz --exam`.\n');
      return done(ExitCode.Ok);
    }
  }
  const session = startSession(cards, opts.exam ? 'exam' : 'drill', opts.seed ?? randomSeed());
  const record = async (result: CardResult): Promise<Date> => {
    const { recordResult } = await import('../quiz/apply.js');
    let due = now;
    await store.update((p) => { due = recordResult(p, result, ctx.now()); });
    return due;
  };
  const final = ctx.interactive && !opts.plain
    ? await runScreen(session, record, opts, ctx)
    : await runPlain(session, record, opts, ctx);
  const { recordSession } = await import('../quiz/apply.js');
  await store.update((p) => recordSession(p, session.mode, summarise(final), ctx.now()));
  return done(ExitCode.Ok);
}

async function runPlain(session: SessionState, record: (r: CardResult) => Promise<Date>, opts: QuizOptions, ctx: CliContext): Promise<SessionState> {
  const { runPlainSession } = await import('../quiz/plain.js');
  const { lineReader } = await import('../quiz/line-reader.js');
  const { summaryLines } = await import('../quiz/text.js');
  const input = lineReader(ctx.stdin);
  try {
    const outcome = await runPlainSession(session, input, { now: () => ctx.now(), record }, { out: ctx.stdout, colors: colorsFor(ctx.stdout, ctx.env), minutes: opts.minutes });
    const elapsed = session.mode === 'exam' ? outcome.elapsedMs : undefined;
    ctx.stdout.write(`\n${summaryLines(outcome.state, outcome.dues, elapsed).join('\n')}\n`);
    return outcome.state;
  } finally {
    input.close();
  }
}

async function runScreen(session: SessionState, record: (r: CardResult) => Promise<Date>, opts: QuizOptions, ctx: CliContext): Promise<SessionState> {
  const { render } = await loadInk();
  const [React, { QuizView }, { editInEditor }] = await Promise.all([
    import('react'), import('../ui/QuizView.js'), import('./quiz-editor.js'),
  ]);
  const editor = ctx.env.VISUAL || ctx.env.EDITOR;
  let final = session;
  const app = render(React.createElement(QuizView, {
    session, now: () => ctx.now(), record, minutes: opts.minutes, colors: colorsFor(ctx.stdout, ctx.env).level > 0,
    onFinish: (state: { session: SessionState }) => { final = state.session; },
    openEditor: editor ? (text: string) => editInEditor(editor, text, ctx) : undefined,
  }), { stdin: ctx.stdin as NodeJS.ReadStream, stdout: ctx.stdout as NodeJS.WriteStream, exitOnCtrlC: true });
  await app.waitUntilExit();
  return final;
}

function newCardsPerDay(setting: unknown): number {
  return typeof setting === 'number' && Number.isInteger(setting) && setting >= 0 ? setting : DEFAULT_NEW_PER_DAY;
}

/** A bad question file is reported, located, and hides none of the others. */
function reportBankProblems(bank: QuestionBank, ctx: CliContext): boolean {
  for (const error of bank.problems) {
    for (const p of error.problems) ctx.stderr.write(`sysdesign: invalid YAML: ${formatProblem(p)}\n`);
  }
  return bank.problems.length > 0;
}
