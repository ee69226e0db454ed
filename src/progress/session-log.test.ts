import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDay } from './local-time.js';
import type { Progress } from './schema.js';
import { figure, sessionLog } from './session-log.js';
import { activeDays, streakOf } from './streak.js';
import { progressWith } from './testing/fixtures.js';

// Node re-reads TZ when it changes: each test picks the user's zone, as a user's machine would.
let savedTz: string | undefined;
beforeEach(() => { savedTz = process.env.TZ; });
afterEach(() => { if (savedTz === undefined) delete process.env.TZ; else process.env.TZ = savedTz; });

const note = (at: string, text: string) => ({ at, kind: 'note', summary: text, data: {} });
const withNotes = (...ats: string[]) => progressWith((p: Progress) => { ats.forEach((at, i) => p.activity.push(note(at, `n${i}`))); });

describe('days follow the user time zone', () => {
  it('puts the same UTC instant on different local days in Tokyo and Los Angeles', () => {
    const at = '2026-03-10T20:30:00.000Z';
    process.env.TZ = 'Asia/Tokyo';
    expect(localDay(at)).toBe('2026-03-11');
    const tokyo = sessionLog(withNotes(at), { now: new Date(at) });
    expect(tokyo.map((d) => [d.day, d.covered])).toEqual([['2026-03-11', ['05:30 Note: n0']]]);
    process.env.TZ = 'America/Los_Angeles';
    expect(sessionLog(withNotes(at), { now: new Date(at) }).map((d) => [d.day, d.covered])).toEqual([['2026-03-10', ['13:30 Note: n0']]]);
  });

  it('groups by local day, oldest first, with quiz sessions and their scores, and --days keeps the last N days', () => {
    process.env.TZ = 'Europe/Berlin';
    const p = withNotes('2026-03-08T10:00:00.000Z', '2026-03-10T09:00:00.000Z');
    p.quiz = { sessions: [{ at: '2026-03-10T08:00:00.000Z', mode: 'drill', asked: 10, correct: 8, topics: ['caching'] }] };
    const log = sessionLog(p, { now: new Date('2026-03-10T12:00:00.000Z') });
    expect(log.map((d) => d.day)).toEqual(['2026-03-08', '2026-03-10']);
    expect(log[1]).toEqual({
      day: '2026-03-10', summary: '1 quiz session; 1 note.', locations: [],
      covered: ['09:00 Quiz drill: 8/10 right (80%) (caching)', '10:00 Note: n1'],
    });
    expect(sessionLog(p, { now: new Date('2026-03-10T12:00:00.000Z'), days: 2 }).map((d) => d.day)).toEqual(['2026-03-10']);
  });
});

describe('the streak', () => {
  it('counts consecutive local days ending today, or yesterday when today is still empty', () => {
    const days = new Set(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-05', '2026-03-06']);
    expect(streakOf(days, '2026-03-06')).toEqual({ current: 2, longest: 3, activeToday: true });
    expect(streakOf(days, '2026-03-07')).toEqual({ current: 2, longest: 3, activeToday: false });
    expect(streakOf(days, '2026-03-08')).toEqual({ current: 0, longest: 3, activeToday: false });
    expect(streakOf(new Set(['2026-02-28', '2026-03-01']), '2026-03-01').current).toBe(2); // across a month end
  });

  it('takes its days from activity and quiz reviews in the user time zone', () => {
    process.env.TZ = 'Asia/Tokyo';
    const p = withNotes('2026-03-09T16:00:00.000Z'); // 01:00 on the 10th in Tokyo
    p.quiz = { reviews: [{ question: 'q', at: '2026-03-10T16:30:00.000Z', rating: 3, correct: true, kind: 'choice' }] };
    expect([...activeDays(p)].sort()).toEqual(['2026-03-10', '2026-03-11']);
    expect(streakOf(activeDays(p), '2026-03-11')).toMatchObject({ current: 2, activeToday: true });
  });
});

describe('benchmark figures in the log', () => {
  it('prints throughputs as whole numbers with separators and small figures to two decimals', () => {
    expect(figure(24651.04)).toBe('24,651');
    expect(figure(9612.5)).toBe('9,613');
    expect(figure(3.14159)).toBe('3.14');
    expect(figure(0)).toBe('0');
  });
});
