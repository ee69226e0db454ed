import type { Progress } from './schema.js';
import { quizRecords } from '../quiz/records.js';
import { addDays, localDay } from './local-time.js';

export interface Streak {
  /** Consecutive local days with activity, ending today (or yesterday, when today has nothing yet). */
  current: number;
  longest: number;
  activeToday: boolean;
}

/** The local days on which the learner did anything: labs, grades, notes, plan changes, quiz reviews. */
export function activeDays(progress: Progress): Set<string> {
  const days = new Set<string>();
  for (const a of progress.activity) days.add(localDay(a.at));
  const quiz = quizRecords(progress);
  for (const r of quiz.reviews) days.add(localDay(r.at));
  for (const s of quiz.sessions) days.add(localDay(s.at));
  return days;
}

export function streakOf(days: Set<string>, today: string): Streak {
  const activeToday = days.has(today);
  let current = 0;
  for (let day = activeToday ? today : addDays(today, -1); days.has(day); day = addDays(day, -1)) current++;
  let longest = 0;
  for (const day of days) {
    if (days.has(addDays(day, -1))) continue; // not the first day of a run
    let run = 0;
    for (let d = day; days.has(d); d = addDays(d, 1)) run++;
    longest = Math.max(longest, run);
  }
  return { current, longest, activeToday };
}
