import { quizRecords } from '../quiz/records.js';
import { addDays, localDay, localTime } from './local-time.js';
import type { ActivityRecord, Progress } from './schema.js';

/** One day of activity, in the learner's time zone: the shape of a "Session Log & Notes" entry. */
export interface DayEntry {
  day: string;
  /** One line: what the day amounted to. */
  summary: string;
  /** The key things covered, in time order, each prefixed with its local time. */
  covered: string[];
  /** Workspace folders touched that day. */
  locations: string[];
}

export interface LogOptions {
  /** Only the last N local days (today included); every day when absent. */
  days?: number;
  now: Date;
}

interface Event { at: string; line: string; tally: keyof Counts; location?: string; passed?: string }
interface Counts { started: number; grades: number; quizzes: number; notes: number; plan: number; other: number }

/** Groups the activity timeline and the quiz sessions by local day, oldest first. */
export function sessionLog(progress: Progress, options: LogOptions): DayEntry[] {
  const events: Event[] = progress.activity.map(describeActivity);
  for (const s of quizRecords(progress).sessions) {
    const pct = s.asked ? Math.round((100 * s.correct) / s.asked) : 0;
    const topics = s.topics.length ? ` (${s.topics.join(', ')})` : '';
    events.push({ at: s.at, tally: 'quizzes', line: `Quiz ${s.mode}: ${s.correct}/${s.asked} right (${pct}%)${topics}` });
  }
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const since = options.days ? addDays(localDay(options.now), -(options.days - 1)) : '';
  const byDay = new Map<string, Event[]>();
  for (const e of events) {
    const day = localDay(e.at);
    if (day < since) continue;
    byDay.set(day, [...(byDay.get(day) ?? []), e]);
  }
  return [...byDay.entries()].map(([day, list]) => ({
    day,
    summary: summarise(list),
    covered: list.map((e) => `${localTime(e.at)} ${e.line}`),
    locations: [...new Set(list.flatMap((e) => (e.location ? [e.location] : [])))],
  }));
}

function describeActivity(a: ActivityRecord): Event {
  const data = a.data;
  const location = typeof data.workspace === 'string' ? data.workspace : undefined;
  switch (a.kind) {
    case 'lab-start':
      return { at: a.at, tally: 'started', location, line: `Started lab \`${a.lab}\`${data.track ? ` (${String(data.track)})` : ''}` };
    case 'grade': {
      const stages = typeof data.stagesPassed === 'number' ? `${data.stagesPassed}/${String(data.stagesTotal)} stages passed` : a.summary;
      const failing = typeof data.failedStage === 'string' ? `, failing \`${data.failedStage}\`` : '';
      const bench = benchFigures(data.bench);
      const line = data.passed === true
        ? `Passed every stage of \`${a.lab}\`${bench}`
        : `Graded \`${a.lab}\`: ${stages}${failing}${bench}`;
      return { at: a.at, tally: 'grades', location, line, passed: data.passed === true ? a.lab : undefined };
    }
    case 'note': return { at: a.at, tally: 'notes', line: `Note: ${a.summary}` };
    case 'plan-check': case 'plan-uncheck': case 'plan-import':
      return { at: a.at, tally: 'plan', line: capitalise(a.summary) };
    default: return { at: a.at, tally: 'other', location, line: capitalise(a.summary) };
  }
}

/** Benchmark figures a grade recorded (`data.bench`: a flat object of numbers), as one short clause. */
function benchFigures(bench: unknown): string {
  if (!bench || typeof bench !== 'object') return '';
  const parts = Object.entries(bench as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    .map(([k, v]) => `${k} ${typeof v === 'number' ? figure(v) : String(v)}`);
  return parts.length ? `; benchmark: ${parts.join(', ')}` : '';
}

/** Throughputs as whole numbers with thousands separators (24,651), small figures such as ms to two decimals. */
export function figure(v: number): string {
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(Math.round(v * 100) / 100);
}

function summarise(list: Event[]): string {
  const n: Counts = { started: 0, grades: 0, quizzes: 0, notes: 0, plan: 0, other: 0 };
  for (const e of list) n[e.tally]++;
  const passed = [...new Set(list.flatMap((e) => (e.passed ? [e.passed] : [])))];
  const bits: string[] = [];
  if (n.started) bits.push(`started ${plural(n.started, 'lab')}`);
  if (passed.length) bits.push(`passed ${passed.join(', ')}`);
  if (n.grades - list.filter((e) => e.passed).length > 0) bits.push(plural(n.grades - list.filter((e) => e.passed).length, 'other grade run'));
  if (n.quizzes) bits.push(plural(n.quizzes, 'quiz session'));
  if (n.notes) bits.push(plural(n.notes, 'note'));
  if (n.plan) bits.push(plural(n.plan, 'plan change'));
  if (n.other) bits.push(plural(n.other, 'other event'));
  return capitalise(bits.join('; ')) + '.';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
