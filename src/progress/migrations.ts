import type { ActivityRecord } from './schema.js';

type RawStore = Record<string, unknown>;

/**
 * Migrations from older store formats, keyed by the version they upgrade from. Each takes the raw JSON of
 * that version and returns the raw JSON of the next; the result is validated by the current schema after.
 */
export const MIGRATIONS: Record<number, (old: RawStore) => RawStore> = {
  1: fromV1,
};

/** v1 -> v2: notes join the activity timeline; the untyped plan section gets its shape. */
function fromV1(old: RawStore): RawStore {
  const { notes, plan, ...rest } = old;
  const activity = Array.isArray(rest.activity) ? [...(rest.activity as ActivityRecord[])] : [];
  for (const note of Array.isArray(notes) ? notes : []) {
    if (note && typeof note === 'object' && typeof note.at === 'string' && typeof note.text === 'string') {
      activity.push({ at: note.at, kind: 'note', summary: note.text, data: {} });
    }
  }
  // ISO strings in UTC sort as text; a stable sort keeps same-instant records in their old order.
  activity.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const oldPlan = plan && typeof plan === 'object' && !Array.isArray(plan) ? plan as RawStore : {};
  return {
    ...rest,
    formatVersion: 2,
    activity,
    plan: { manual: isRecord(oldPlan.manual) ? oldPlan.manual : {}, extras: Array.isArray(oldPlan.extras) ? oldPlan.extras : [] },
  };
}

function isRecord(v: unknown): v is RawStore {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
