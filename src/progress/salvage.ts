import { appendFile, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CardRecord, DesignAnswerRecord, QuizSessionRecord, ReviewRecord } from '../quiz/records.js';
import { ActivityRecord, ExtraItem, GradeRecord, LabProgress, ManualTick } from './schema.js';

/**
 * The store's collections, each element checked on its own: one malformed record (a hand-edited quiz
 * card, a bad import) is set aside rather than making the whole store unreadable. Nested collections
 * come first, so a bad grade costs that grade, not the lab's progress. `*` is every key of a record.
 */
const COLLECTIONS: { path: string[]; element: z.ZodType }[] = [
  { path: ['labs', '*', 'grades'], element: GradeRecord },
  { path: ['labs'], element: LabProgress },
  { path: ['activity'], element: ActivityRecord },
  { path: ['plan', 'manual'], element: ManualTick },
  { path: ['plan', 'extras'], element: ExtraItem },
  { path: ['quiz', 'cards'], element: CardRecord },
  { path: ['quiz', 'reviews'], element: ReviewRecord },
  { path: ['quiz', 'designAnswers'], element: DesignAnswerRecord },
  { path: ['quiz', 'sessions'], element: QuizSessionRecord },
  { path: ['quiz', 'queued'], element: z.string() },
];

export interface SetAside { path: string; reason: string; record: unknown }

/** Removes every malformed element from `raw` (in place) and returns what it removed. */
export function salvage(raw: Record<string, unknown>): SetAside[] {
  const removed: SetAside[] = [];
  for (const { path, element } of COLLECTIONS) {
    for (const [where, holder] of containers(raw, path)) {
      if (Array.isArray(holder)) {
        const kept = holder.filter((item, i) => keep(item, `${where}[${i}]`));
        holder.splice(0, holder.length, ...kept);
      } else if (isObject(holder)) {
        for (const key of Object.keys(holder)) if (!keep(holder[key], `${where}.${key}`)) delete holder[key];
      }
    }
    function keep(item: unknown, at: string): boolean {
      const parsed = element.safeParse(item);
      if (parsed.success) return true;
      const issue = parsed.error.issues[0];
      removed.push({ path: at, reason: `${[at, ...issue.path.map(String)].join('.')}: ${issue.message}`, record: item });
      return false;
    }
  }
  return removed;
}

/** Every value at `path` (with `*` for each key), with its dotted location. */
function containers(root: unknown, path: string[], at = ''): [string, unknown][] {
  if (path.length === 0) return root === undefined ? [] : [[at, root]];
  if (!isObject(root)) return [];
  const [head, ...rest] = path;
  const keys = head === '*' ? Object.keys(root) : [head];
  return keys.flatMap((k) => containers(root[k], rest, at ? `${at}.${k}` : k));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Keeps set-aside records, one JSON line each, beside the store: nothing a user made is ever dropped. */
export async function keepAside(file: string, records: SetAside[], now: Date): Promise<void> {
  const lines = records.map((r) => JSON.stringify({ setAsideAt: now.toISOString(), ...r })).join('\n');
  await appendFile(file, `${lines}\n`, { mode: 0o600 });
}

/** How many records a store's side file holds (0 when there is none): `doctor` reports them. */
export async function countAside(file: string): Promise<number> {
  try { return (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim()).length; } catch { return 0; }
}
