/**
 * Dates are stored as UTC ISO strings and shown in the user's time zone (the process's TZ). A "day" is a
 * local calendar date, `YYYY-MM-DD`; "today" and the streak are counted in those days.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar date of an instant. */
export function localDay(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `YYYY-MM-DD HH:MM` in local time. */
export function localDateTime(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return `${localDay(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `HH:MM` in local time. */
export function localTime(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The calendar day before or after a `YYYY-MM-DD` day (pure calendar arithmetic: no time zone involved). */
export function addDays(day: string, delta: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + delta));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** The last instant of the local day of `now`: cards due before it are "due today". */
export function endOfLocalDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate(), 23, 59, 59, 999);
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function weekday(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
}
